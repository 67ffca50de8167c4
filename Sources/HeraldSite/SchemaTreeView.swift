import HeraldAvro

/// A schema as a tree of nested `<details>`/`<ul>` HTML: records, arrays, maps, unions, enums, fixed, logical types,
/// defaults and docs. A named type is expanded where it first appears and linked afterwards, which keeps recursive
/// and often-reused types finite. Built in Swift rather than through recursive partials: the tree is most of an
/// event page, and this keeps 10,000-event catalogs fast; every value is escaped with `HTMLText.escape`.
struct SchemaTreeView {
    let schema: AvroSchema
    /// Prefix for anchors, unique per version on a page (`v2`).
    let anchorPrefix: String
    private var expanded: Set<AvroNode.ID> = []

    init(schema: AvroSchema, anchorPrefix: String) {
        self.schema = schema
        self.anchorPrefix = anchorPrefix
    }

    /// The root node's context.
    mutating func root() -> [String: Any] {
        node(schema.root, name: nil, doc: nil, defaultValue: nil, fieldAliases: [], depth: 0)
    }

    /// The whole tree as `<li>` markup for a `<ul class="schema">`.
    mutating func html() -> String {
        var out = ""
        Self.write(root(), into: &out)
        return out
    }

    static func write(_ node: [String: Any], into out: inout String) {
        func text(_ key: String) -> String? { node[key] as? String }
        let kind = text("kind") ?? "primitive"
        out += "<li class=\"node node-\(kind)\" role=\"treeitem\""
        if let anchor = text("anchor") { out += " id=\"\(HTMLText.escape(anchor))\"" }
        out += ">"
        var head = "<span class=\"node-line\">"
        if let name = text("name") { head += "<span class=\"field\">\(HTMLText.escape(name))</span>" }
        head += "<span class=\"type type-\(kind)\""
        if let title = text("title") { head += " title=\"\(HTMLText.escape(title))\"" }
        head += ">"
        let label = HTMLText.escape(text("label") ?? "")
        if let ref = text("ref") { head += "<a href=\"#\(HTMLText.escape(ref))\">\(label)</a>" } else { head += label }
        head += "</span>"
        if let logical = text("logical") { head += "<span class=\"pill\">\(HTMLText.escape(logical))</span>" }
        if let size = text("size") { head += "<span class=\"pill\">\(HTMLText.escape(size))</span>" }
        if node["nullable"] as? Bool == true { head += "<span class=\"pill pill-optional\">optional</span>" }
        if let value = text("default") { head += "<span class=\"default\">= <code>\(HTMLText.escape(value))</code></span>" }
        if let aliases = text("aliases") { head += "<span class=\"muted\"> aka \(HTMLText.escape(aliases))</span>" }
        head += "</span>"
        if let doc = text("doc") { head += "<span class=\"doc\">\(HTMLText.escape(doc))</span>" }
        if let doc = text("typeDoc") { head += "<span class=\"doc\">\(HTMLText.escape(doc))</span>" }
        let symbols = node["symbols"] as? [[String: Any]] ?? []
        let children = node["children"] as? [[String: Any]] ?? []
        if symbols.isEmpty && children.isEmpty {
            out += "<div class=\"leaf\">\(head)</div></li>\n"
            return
        }
        out += node["open"] as? Bool == true ? "<details open><summary>" : "<details><summary>"
        out += head + "</summary>"
        if !symbols.isEmpty {
            out += "<ul class=\"symbols\" aria-label=\"Symbols\">"
            for symbol in symbols {
                let isDefault = symbol["isDefault"] as? Bool == true
                out += "<li class=\"symbol\(isDefault ? " symbol-default" : "")\">\(HTMLText.escape(symbol["symbol"] as? String ?? ""))"
                out += isDefault ? " <span class=\"muted\">(default)</span></li>" : "</li>"
            }
            out += "</ul>"
        }
        if !children.isEmpty {
            out += "<ul role=\"group\">"
            for child in children { write(child, into: &out) }
            out += "</ul>"
        }
        out += "</details></li>\n"
    }

    private func anchor(_ name: AvroName) -> String { "\(anchorPrefix)-\(name.fullName)" }

    private mutating func node(
        _ id: AvroNode.ID, name: String?, doc: String?, defaultValue: JSONValue?, fieldAliases: [String], depth: Int
    ) -> [String: Any] {
        var nullable = false
        var typeID = id
        if let branch = SchemaTypeDescription.nullableBranch(schema, id) {
            nullable = true
            typeID = branch
        }
        let typeNode = schema[typeID]
        var context: [String: Any] = [
            "name": name ?? false,
            "nullable": nullable,
            "logical": typeNode.logicalType.map(SchemaTypeDescription.logicalLabel) ?? false,
            "default": defaultValue.map { JSONWriter().write($0) } ?? false,
            "aliases": fieldAliases.isEmpty ? false : fieldAliases.joined(separator: ", "),
            "symbols": false, "anchor": false, "ref": false, "size": false, "typeDoc": false,
            "children": [[String: Any]](), "hasChildren": false,
            "open": depth < 2,
        ]
        context["doc"] = doc ?? false
        var children: [[String: Any]] = []
        switch typeNode.type {
        case .record(let record):
            context["kind"] = "record"
            context["label"] = record.name.name
            context["title"] = record.name.fullName
            if expanded.contains(typeID) {
                context["ref"] = anchor(record.name)
            } else {
                expanded.insert(typeID)
                context["anchor"] = anchor(record.name)
                context["typeDoc"] = record.doc ?? false
                for field in record.fields {
                    children.append(node(field.type, name: field.name, doc: field.doc, defaultValue: field.defaultValue,
                                         fieldAliases: field.aliases, depth: depth + 1))
                }
            }
        case .enumeration(let e):
            context["kind"] = "enum"
            context["label"] = e.name.name
            context["title"] = e.name.fullName
            if expanded.contains(typeID) {
                context["ref"] = anchor(e.name)
            } else {
                expanded.insert(typeID)
                context["anchor"] = anchor(e.name)
                context["typeDoc"] = e.doc ?? false
                context["symbols"] = e.symbols.map { ["symbol": $0, "isDefault": $0 == e.defaultSymbol] as [String: Any] }
            }
        case .fixed(let f):
            context["kind"] = "fixed"
            context["label"] = f.name.name
            context["title"] = f.name.fullName
            context["size"] = "\(f.size) bytes"
            if !expanded.contains(typeID) {
                expanded.insert(typeID)
                context["anchor"] = anchor(f.name)
                context["typeDoc"] = f.doc ?? false
            }
        case .array(let items):
            context["kind"] = "array"
            context["label"] = "array of " + SchemaTypeDescription.describe(schema, items)
            context["title"] = false
            if Self.isComplex(schema, items) {
                children.append(node(items, name: "items", doc: nil, defaultValue: nil, fieldAliases: [], depth: depth + 1))
            }
        case .map(let values):
            context["kind"] = "map"
            context["label"] = "map of string → " + SchemaTypeDescription.describe(schema, values)
            context["title"] = false
            if Self.isComplex(schema, values) {
                children.append(node(values, name: "values", doc: nil, defaultValue: nil, fieldAliases: [], depth: depth + 1))
            }
        case .union(let branches):
            context["kind"] = "union"
            context["label"] = "union of \(branches.count)"
            context["title"] = false
            for (offset, branch) in branches.enumerated() {
                children.append(node(branch, name: "branch \(offset)", doc: nil, defaultValue: nil, fieldAliases: [], depth: depth + 1))
            }
        default:
            context["kind"] = "primitive"
            context["label"] = typeNode.type.specName
            context["title"] = false
        }
        context["children"] = children
        let hasSymbols = context["symbols"] is [[String: Any]]
        context["hasSymbols"] = hasSymbols
        context["hasChildList"] = !children.isEmpty
        context["hasChildren"] = !children.isEmpty || hasSymbols
        return context
    }

    /// Types worth their own subtree (a primitive array item is named in its parent's label).
    static func isComplex(_ schema: AvroSchema, _ id: AvroNode.ID) -> Bool {
        let target = SchemaTypeDescription.nullableBranch(schema, id) ?? id
        switch schema[target].type {
        case .record, .enumeration, .fixed, .array, .map, .union: return true
        default: return false
        }
    }
}
