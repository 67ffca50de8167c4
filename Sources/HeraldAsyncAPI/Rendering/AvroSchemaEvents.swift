import HeraldAvro

/// An Avro schema walked as JSON events, member for member what `AvroSchemaWriter.jsonValue` builds: the same keys
/// in the same order, each named type in full where first met and by full name afterwards. Message payloads are
/// most of a large build's output, so they are written from the schema arena without a tree in between.
enum AvroSchemaEvents {
    /// The attributes a field object is written with before its custom properties.
    private static let fieldKeys: Set<String> = ["name", "type", "doc", "default", "order", "aliases"]

    static func walk<Sink: JSONEventSink>(_ schema: AvroSchema, into sink: inout Sink) {
        var written: Set<String> = []
        walk(schema, schema.root, namespace: nil, written: &written, into: &sink)
    }

    /// A field whose custom property shares a key with an attribute, built as a tree: `AvroSchemaWriter` lets such
    /// a property replace the attribute in place, which a walk cannot undo. The parser never keeps such a property,
    /// but a schema built in code might.
    private static func shadowedField(
        _ schema: AvroSchema, _ field: AvroField, namespace: String?, written: inout Set<String>
    ) -> JSONValue {
        var type = JSONTreeBuilder()
        walk(schema, field.type, namespace: namespace, written: &written, into: &type)
        var object = JSONObject()
        object.set("name", .string(field.name))
        object.set("type", type.result)
        if let doc = field.doc { object.set("doc", .string(doc)) }
        if let value = field.defaultValue { object.set("default", value) }
        if field.order != .ascending { object.set("order", .string(field.order.rawValue)) }
        if !field.aliases.isEmpty { object.set("aliases", .array(field.aliases.map { .string($0) })) }
        for (key, value) in field.properties.members { object.set(key, value) }
        return .object(object)
    }

    private static func walk<Sink: JSONEventSink>(
        _ schema: AvroSchema, _ id: AvroNode.ID, namespace: String?, written: inout Set<String>, into sink: inout Sink
    ) {
        guard id >= 0, id < schema.nodes.count else { return sink.string("null") }
        let node = schema.nodes[id]
        var writesNamespace = false
        if let name = node.type.name {
            if !written.insert(name.fullName).inserted { return sink.string(name.fullName) }
            sink.beginObject()
            sink.member("type", kindName(node.type))
            sink.member("name", name.name)
            if name.namespace != namespace {
                writesNamespace = true
                sink.member("namespace", name.namespace ?? "")
            }
            if let doc = doc(of: node.type) { sink.member("doc", doc) }
            if !node.type.aliases.isEmpty {
                sink.key("aliases")
                sink.strings(node.type.aliases)
            }
            switch node.type {
            case .record(let record):
                sink.key("fields")
                sink.beginArray()
                for field in record.fields {
                    if !field.properties.isEmpty, field.properties.keys.contains(where: fieldKeys.contains) {
                        sink.value(shadowedField(schema, field, namespace: name.namespace, written: &written))
                        continue
                    }
                    sink.beginObject()
                    sink.member("name", field.name)
                    sink.key("type")
                    walk(schema, field.type, namespace: name.namespace, written: &written, into: &sink)
                    if let doc = field.doc { sink.member("doc", doc) }
                    if let value = field.defaultValue {
                        sink.key("default")
                        sink.value(value)
                    }
                    if field.order != .ascending { sink.member("order", field.order.rawValue) }
                    if !field.aliases.isEmpty {
                        sink.key("aliases")
                        sink.strings(field.aliases)
                    }
                    let keys = field.properties.keys, values = field.properties.values
                    for index in keys.indices {
                        sink.key(keys[index])
                        sink.value(values[index])
                    }
                    sink.endObject()
                }
                sink.endArray()
            case .enumeration(let enumeration):
                sink.key("symbols")
                sink.strings(enumeration.symbols)
                if let symbol = enumeration.defaultSymbol { sink.member("default", symbol) }
            case .fixed(let fixed):
                sink.key("size")
                sink.integer(fixed.size)
            default:
                break
            }
        } else {
            switch node.type {
            case .union(let branches):
                sink.beginArray()
                for branch in branches { walk(schema, branch, namespace: namespace, written: &written, into: &sink) }
                sink.endArray()
                return
            case .array(let items):
                sink.beginObject()
                sink.member("type", node.type.specName)
                sink.key("items")
                walk(schema, items, namespace: namespace, written: &written, into: &sink)
            case .map(let values):
                sink.beginObject()
                sink.member("type", node.type.specName)
                sink.key("values")
                walk(schema, values, namespace: namespace, written: &written, into: &sink)
            default:
                if node.logicalType == nil && node.properties.isEmpty { return sink.string(node.type.specName) }
                sink.beginObject()
                sink.member("type", node.type.specName)
            }
        }
        if let logical = node.logicalType {
            sink.member("logicalType", logical.name)
            if case .decimal(let precision, let scale) = logical {
                sink.key("precision")
                sink.integer(precision)
                sink.key("scale")
                sink.integer(scale)
            }
        }
        if !node.properties.isEmpty {
            // A custom property never replaces an attribute written above (`AvroSchemaWriter` keeps the first).
            let attributes = attributeKeys(of: node, writesNamespace: writesNamespace)
            let keys = node.properties.keys, values = node.properties.values
            for index in keys.indices where !attributes.contains(keys[index]) {
                sink.key(keys[index])
                sink.value(values[index])
            }
        }
        sink.endObject()
    }

    /// The keys written for a node object before its custom properties.
    private static func attributeKeys(of node: AvroNode, writesNamespace: Bool) -> [String] {
        var keys = ["type"]
        if node.type.name != nil {
            keys.append("name")
            if writesNamespace { keys.append("namespace") }
            if doc(of: node.type) != nil { keys.append("doc") }
            if !node.type.aliases.isEmpty { keys.append("aliases") }
        }
        switch node.type {
        case .record: keys.append("fields")
        case .enumeration(let enumeration):
            keys.append("symbols")
            if enumeration.defaultSymbol != nil { keys.append("default") }
        case .fixed: keys.append("size")
        case .array: keys.append("items")
        case .map: keys.append("values")
        default: break
        }
        if let logical = node.logicalType {
            keys.append("logicalType")
            if case .decimal = logical { keys += ["precision", "scale"] }
        }
        return keys
    }

    private static func doc(of type: AvroType) -> String? {
        switch type {
        case .record(let record): record.doc
        case .enumeration(let enumeration): enumeration.doc
        case .fixed(let fixed): fixed.doc
        default: nil
        }
    }

    private static func kindName(_ type: AvroType) -> String {
        switch type {
        case .record(let record): record.isError ? "error" : "record"
        case .enumeration: "enum"
        default: type.specName
        }
    }
}
