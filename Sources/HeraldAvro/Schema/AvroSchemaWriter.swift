/// Writes a schema as full JSON: every attribute kept (doc, aliases, defaults, logical types, custom properties,
/// non-ascending order), each named type defined in full where first met and referenced by full name afterwards.
/// Keys come in a fixed order, so the output is deterministic; parsing it back gives the same canonical form.
public struct AvroSchemaWriter: Sendable {
    /// A writer.
    public init() {}

    public func jsonValue(_ schema: AvroSchema) -> JSONValue {
        var written: Set<String> = []
        return value(schema, schema.root, namespace: nil, written: &written)
    }

    /// The schema as JSON text.
    public func write(_ schema: AvroSchema, style: JSONWriter.Style = .pretty) -> String {
        JSONWriter(style: style).write(jsonValue(schema))
    }

    private func value(_ schema: AvroSchema, _ id: AvroNode.ID, namespace: String?, written: inout Set<String>) -> JSONValue {
        guard id >= 0, id < schema.nodes.count else { return .string("null") }
        let node = schema.nodes[id]
        var object = JSONObject()
        if let name = node.type.name {
            if !written.insert(name.fullName).inserted { return .string(name.fullName) }
            object.set("type", .string(kindName(node.type)))
            object.set("name", .string(name.name))
            if name.namespace != namespace { object.set("namespace", .string(name.namespace ?? "")) }
            let doc: String?
            switch node.type {
            case .record(let r): doc = r.doc
            case .enumeration(let e): doc = e.doc
            case .fixed(let f): doc = f.doc
            default: doc = nil
            }
            if let doc { object.set("doc", .string(doc)) }
            if !node.type.aliases.isEmpty { object.set("aliases", .array(node.type.aliases.map { .string($0) })) }
            switch node.type {
            case .record(let record):
                var fields: [JSONValue] = []
                for field in record.fields {
                    var f = JSONObject()
                    f.set("name", .string(field.name))
                    f.set("type", value(schema, field.type, namespace: name.namespace, written: &written))
                    if let doc = field.doc { f.set("doc", .string(doc)) }
                    if let value = field.defaultValue { f.set("default", value) }
                    if field.order != .ascending { f.set("order", .string(field.order.rawValue)) }
                    if !field.aliases.isEmpty { f.set("aliases", .array(field.aliases.map { .string($0) })) }
                    for (key, value) in field.properties.members { f.set(key, value) }
                    fields.append(.object(f))
                }
                object.set("fields", .array(fields))
            case .enumeration(let e):
                object.set("symbols", .array(e.symbols.map { .string($0) }))
                if let symbol = e.defaultSymbol { object.set("default", .string(symbol)) }
            case .fixed(let fixed):
                object.set("size", .number(JSONNumber(fixed.size)))
            default:
                break
            }
        } else {
            object.set("type", .string(kindName(node.type)))
            switch node.type {
            case .array(let items): object.set("items", value(schema, items, namespace: namespace, written: &written))
            case .map(let values): object.set("values", value(schema, values, namespace: namespace, written: &written))
            case .union(let branches):
                return .array(branches.map { value(schema, $0, namespace: namespace, written: &written) })
            default:
                if node.logicalType == nil && node.properties.isEmpty { return .string(node.type.specName) }
            }
        }
        if let logical = node.logicalType {
            object.set("logicalType", .string(logical.name))
            if case .decimal(let precision, let scale) = logical {
                object.set("precision", .number(JSONNumber(precision)))
                object.set("scale", .number(JSONNumber(scale)))
            }
        }
        for (key, value) in node.properties.members where object[key] == nil { object.set(key, value) }
        return .object(object)
    }

    private func kindName(_ type: AvroType) -> String {
        switch type {
        case .record(let record): record.isError ? "error" : "record"
        case .enumeration: "enum"
        default: type.specName
        }
    }
}

extension AvroSchema {
    /// The full schema as JSON (see `AvroSchemaWriter`).
    public var jsonValue: JSONValue { AvroSchemaWriter().jsonValue(self) }

    /// The full schema as JSON text, pretty-printed by default.
    public func jsonText(style: JSONWriter.Style = .pretty) -> String { AvroSchemaWriter().write(self, style: style) }
}
