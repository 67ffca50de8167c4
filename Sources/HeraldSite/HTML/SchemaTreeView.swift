import HeraldAvro

/// A schema as a tree of nested `<details>`/`<ul>` HTML: records, arrays, maps, unions, enums, fixed, logical types,
/// defaults and docs. A named type is expanded where it first appears and linked afterwards, which keeps recursive
/// and often-reused types finite. Built in Swift rather than through recursive partials: the tree is most of an
/// event page, and writing it straight into bytes keeps 10,000-event catalogs fast; every value is escaped.
struct SchemaTreeView {
    let schema: AvroSchema
    /// Prefix for anchors, unique per version on a page (`v2`).
    let anchorPrefix: String
    /// A reader of this schema, whose field defaults are shown as their types mean them; without one, defaults are
    /// shown as written.
    let defaults: AvroJSONReader?
    private var expanded: Set<AvroNode.ID> = []

    init(schema: AvroSchema, anchorPrefix: String, defaults: AvroJSONReader? = nil) {
        self.schema = schema
        self.anchorPrefix = anchorPrefix
        self.defaults = defaults
    }

    /// The whole tree as `<li>` markup (UTF-8) for a `<ul class="schema">`.
    mutating func html() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 * 1024)
        write(Child(id: schema.root, name: "", aliases: []), named: false, depth: 0, into: &out)
        return out
    }

    /// What a node shows besides its children.
    private struct Head {
        var kind: StaticString = "primitive"
        var label = ""
        var title: String?
        var anchor: String?
        var ref: String?
        var size: String?
        var typeDoc: String?
        var symbols: [String]?
        var defaultSymbol: String?
    }

    /// A child node to write: its type and the field facts shown beside it.
    private struct Child {
        var id: AvroNode.ID
        var name: String
        var doc: String?
        var defaultValue: JSONValue?
        var aliases: [String]
        /// The record and field index the default belongs to.
        var field: (record: AvroNode.ID, index: Int)?

        init(id: AvroNode.ID, name: String, doc: String? = nil, defaultValue: JSONValue? = nil, aliases: [String],
             field: (record: AvroNode.ID, index: Int)? = nil) {
            (self.id, self.name, self.doc, self.defaultValue, self.aliases, self.field) = (id, name, doc, defaultValue, aliases, field)
        }
    }

    private func anchor(_ name: AvroName) -> String { "\(anchorPrefix)-\(name.fullName)" }

    private mutating func write(_ node: Child, named: Bool, depth: Int, into out: inout [UInt8]) {
        let id = node.id, name = named ? node.name : nil, doc = node.doc, fieldAliases = node.aliases
        var nullable = false
        var typeID = id
        if let branch = SchemaTypeDescription.nullableBranch(schema, id) {
            nullable = true
            typeID = branch
        }
        let type = schema.nodes[typeID].type, logicalType = schema.nodes[typeID].logicalType
        var head = Head()
        var children: [Child] = []
        switch type {
        case .record(let record):
            head.kind = "record"
            head.label = record.name.name
            head.title = record.name.fullName
            if expanded.contains(typeID) {
                head.ref = anchor(record.name)
            } else {
                expanded.insert(typeID)
                head.anchor = anchor(record.name)
                head.typeDoc = record.doc
                children = record.fields.enumerated().map { index, field in
                    Child(id: field.type, name: field.name, doc: field.doc, defaultValue: field.defaultValue,
                          aliases: field.aliases, field: (typeID, index))
                }
            }
        case .enumeration(let e):
            head.kind = "enum"
            head.label = e.name.name
            head.title = e.name.fullName
            if expanded.contains(typeID) {
                head.ref = anchor(e.name)
            } else {
                expanded.insert(typeID)
                head.anchor = anchor(e.name)
                head.typeDoc = e.doc
                head.symbols = e.symbols
                head.defaultSymbol = e.defaultSymbol
            }
        case .fixed(let f):
            head.kind = "fixed"
            head.label = f.name.name
            head.title = f.name.fullName
            head.size = "\(f.size) bytes"
            if !expanded.contains(typeID) {
                expanded.insert(typeID)
                head.anchor = anchor(f.name)
                head.typeDoc = f.doc
            }
        case .array(let items):
            head.kind = "array"
            head.label = "array of " + SchemaTypeDescription.describe(schema, items)
            if Self.isComplex(schema, items) { children = [Child(id: items, name: "items", aliases: [])] }
        case .map(let values):
            head.kind = "map"
            head.label = "map of string → " + SchemaTypeDescription.describe(schema, values)
            if Self.isComplex(schema, values) { children = [Child(id: values, name: "values", aliases: [])] }
        case .union(let branches):
            head.kind = "union"
            head.label = "union of \(branches.count)"
            children = branches.enumerated().map { Child(id: $0.element, name: "branch \($0.offset)", aliases: []) }
        default:
            head.label = type.specName
        }

        append("<li class=\"node node-", &out)
        append(head.kind, &out)
        append("\" role=\"treeitem\"", &out)
        if let anchor = head.anchor {
            append(" id=\"", &out)
            HTMLText.appendEscaped(anchor, to: &out)
            append("\"", &out)
        }
        append(">", &out)
        let symbols = head.symbols ?? []
        let isLeaf = symbols.isEmpty && children.isEmpty
        if isLeaf {
            append("<div class=\"leaf\">", &out)
        } else {
            append(depth < 2 ? "<details open><summary>" : "<details><summary>", &out)
        }
        append("<span class=\"node-line\">", &out)
        if let name {
            append("<span class=\"field\">", &out)
            HTMLText.appendEscaped(name, to: &out)
            append("</span>", &out)
        }
        append("<span class=\"type type-", &out)
        append(head.kind, &out)
        append("\"", &out)
        if let title = head.title {
            append(" title=\"", &out)
            HTMLText.appendEscaped(title, to: &out)
            append("\"", &out)
        }
        append(">", &out)
        if let ref = head.ref {
            append("<a href=\"#", &out)
            HTMLText.appendEscaped(ref, to: &out)
            append("\">", &out)
            HTMLText.appendEscaped(head.label, to: &out)
            append("</a>", &out)
        } else {
            HTMLText.appendEscaped(head.label, to: &out)
        }
        append("</span>", &out)
        if let logical = logicalType { pill(SchemaTypeDescription.logicalLabel(logical), &out) }
        if let size = head.size { pill(size, &out) }
        if nullable { append("<span class=\"pill pill-optional\">optional</span>", &out) }
        if let defaultValue = node.defaultValue {
            append("<span class=\"default\">= <code>", &out)
            if let field = node.field, let value = defaults?.fieldDefault(record: field.record, field: field.index) {
                out.append(contentsOf: DatumView(schema: schema, layout: .inline).html(value, id))
            } else {
                HTMLText.appendEscapedSource(JSONWriter().write(defaultValue), to: &out)
            }
            append("</code></span>", &out)
        }
        if !fieldAliases.isEmpty {
            append("<span class=\"muted\"> aka ", &out)
            HTMLText.appendEscaped(fieldAliases.joined(separator: ", "), to: &out)
            append("</span>", &out)
        }
        append("</span>", &out)
        if let doc { docLine(doc, &out) }
        if let typeDoc = head.typeDoc { docLine(typeDoc, &out) }
        if isLeaf {
            append("</div></li>\n", &out)
            return
        }
        append("</summary>", &out)
        if !symbols.isEmpty {
            append("<ul class=\"symbols\" aria-label=\"Symbols\">", &out)
            for symbol in symbols {
                let isDefault = symbol == head.defaultSymbol
                append(isDefault ? "<li class=\"symbol symbol-default\">" : "<li class=\"symbol\">", &out)
                HTMLText.appendEscaped(symbol, to: &out)
                append(isDefault ? " <span class=\"muted\">(default)</span></li>" : "</li>", &out)
            }
            append("</ul>", &out)
        }
        if !children.isEmpty {
            append("<ul role=\"group\">", &out)
            for child in children {
                write(child, named: true, depth: depth + 1, into: &out)
            }
            append("</ul>", &out)
        }
        append("</details></li>\n", &out)
    }

    private func pill(_ text: String, _ out: inout [UInt8]) {
        append("<span class=\"pill\">", &out)
        HTMLText.appendEscaped(text, to: &out)
        append("</span>", &out)
    }

    private func docLine(_ text: String, _ out: inout [UInt8]) {
        append("<span class=\"doc\">", &out)
        HTMLText.appendEscaped(text, to: &out)
        append("</span>", &out)
    }

    private func append(_ markup: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: markup.utf8Start, count: markup.utf8CodeUnitCount))
    }

    /// Types worth their own subtree (a primitive array item is named in its parent's label).
    static func isComplex(_ schema: AvroSchema, _ id: AvroNode.ID) -> Bool {
        let target = SchemaTypeDescription.nullableBranch(schema, id) ?? id
        switch schema.nodes[target].type {
        case .record, .enumeration, .fixed, .array, .map, .union: return true
        default: return false
        }
    }
}
