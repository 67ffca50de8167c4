/// Short, one-line names of schema types, as the tree and the diff print them.
public enum SchemaTypeDescription {
    /// `string`, `long (timestamp-millis)`, `com.example.Money`, `array<string>`, `union<null, string>`.
    public static func describe(_ schema: AvroSchema, _ id: AvroNode.ID) -> String {
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

    /// True only when `describe(a, aID) == describe(b, bID)`, decided without building either text; false when the
    /// texts differ or the answer would need them.
    public static func surelySame(_ a: AvroSchema, _ aID: AvroNode.ID, _ b: AvroSchema, _ bID: AvroNode.ID) -> Bool {
        guard a.nodes[aID].logicalType == b.nodes[bID].logicalType else { return false }
        switch (a.nodes[aID].type, b.nodes[bID].type) {
        case (.record(let x), .record(let y)): return x.name == y.name
        case (.enumeration(let x), .enumeration(let y)): return x.name == y.name
        case (.fixed(let x), .fixed(let y)): return x.name == y.name
        case (.array(let x), .array(let y)), (.map(let x), .map(let y)): return surelySame(a, x, b, y)
        case (.union(let x), .union(let y)): return x.count == y.count && zip(x, y).allSatisfy { surelySame(a, $0, b, $1) }
        case (.record, _), (.enumeration, _), (.fixed, _), (.array, _), (.map, _), (.union, _): return false
        case (_, .record), (_, .enumeration), (_, .fixed), (_, .array), (_, .map), (_, .union): return false
        default: return a.nodes[aID].type.specName == b.nodes[bID].type.specName
        }
    }

    /// `decimal(10,2)`, `timestamp-millis`, …
    public static func logicalLabel(_ logical: LogicalType) -> String {
        if case .decimal(let precision, let scale) = logical { return "decimal(\(precision),\(scale))" }
        return logical.name
    }

    /// The non-null branch of a `[null, X]` or `[X, null]` union.
    public static func nullableBranch(_ schema: AvroSchema, _ id: AvroNode.ID) -> AvroNode.ID? {
        guard case .union(let branches) = schema.nodes[id].type, branches.count == 2 else { return nil }
        let firstIsNull = if case .null = schema.nodes[branches[0]].type { true } else { false }
        let secondIsNull = if case .null = schema.nodes[branches[1]].type { true } else { false }
        guard firstIsNull != secondIsNull else { return nil }
        return firstIsNull ? branches[1] : branches[0]
    }
}
