import HeraldAvro

/// Short, one-line names of schema types, as the tree and the diff print them.
enum SchemaTypeDescription {
    /// `string`, `long (timestamp-millis)`, `com.example.Money`, `array<string>`, `union<null, string>`.
    static func describe(_ schema: AvroSchema, _ id: AvroNode.ID) -> String {
        // `nodes[id].type` reads the type alone; `schema[id]` would copy the whole node (properties, source).
        var text: String
        switch schema.nodes[id].type {
        case .record(let r): text = r.name.fullName
        case .enumeration(let e): text = e.name.fullName
        case .fixed(let f): text = f.name.fullName
        case .array(let items): text = "array<\(describe(schema, items))>"
        case .map(let values): text = "map<\(describe(schema, values))>"
        case .union(let branches): text = "union<" + branches.map { describe(schema, $0) }.joined(separator: ", ") + ">"
        default: text = schema.nodes[id].type.specName
        }
        if let logical = schema.nodes[id].logicalType { text += " (\(logicalLabel(logical)))" }
        return text
    }

    /// `decimal(10,2)`, `timestamp-millis`, …
    static func logicalLabel(_ logical: LogicalType) -> String {
        if case .decimal(let precision, let scale) = logical { return "decimal(\(precision),\(scale))" }
        return logical.name
    }

    /// The non-null branch of a `[null, X]` or `[X, null]` union.
    static func nullableBranch(_ schema: AvroSchema, _ id: AvroNode.ID) -> AvroNode.ID? {
        guard case .union(let branches) = schema.nodes[id].type, branches.count == 2 else { return nil }
        let firstIsNull = if case .null = schema.nodes[branches[0]].type { true } else { false }
        let secondIsNull = if case .null = schema.nodes[branches[1]].type { true } else { false }
        guard firstIsNull != secondIsNull else { return nil }
        return firstIsNull ? branches[1] : branches[0]
    }
}
