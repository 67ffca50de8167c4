/// What the JSON readers and the validator need beyond `DatumPlan`: field defaults as values, prepared once per schema.
struct JSONDatumPlan: Sendable {
    let plan: DatumPlan
    let schema: AvroSchema
    /// Per entry of `plan.children`: for record fields, the field default read as a value (nil: no valid default).
    let fieldDefaults: [AvroValue?]

    init(_ schema: AvroSchema) {
        let plan = DatumPlan(schema)
        self.plan = plan
        self.schema = schema
        var defaults = [AvroValue?](repeating: nil, count: plan.children.count)
        // A record default may leave out fields that have defaults of their own, so defaults are read in rounds,
        // each with the defaults the previous round could read, until nothing changes (nesting is finite).
        for _ in 0..<8 {
            let previous = JSONDatumPlan(plan: plan, schema: schema, fieldDefaults: defaults)
            var changed = false
            for (id, op) in plan.ops.enumerated() where op.kind == .record {
                guard case .record(let record) = schema.nodes[id].type else { continue }
                for (i, field) in record.fields.enumerated() where defaults[Int(op.a) + i] == nil {
                    guard let json = field.defaultValue else { continue }
                    let node = Int(plan.children[Int(op.a) + i])
                    if let value = JSONDatumWalker.with(plan: previous, encoding: .plain, collect: false, build: true, { $0.walk(JSONNode(json), node) }) {
                        defaults[Int(op.a) + i] = value
                        changed = true
                    }
                }
            }
            if !changed { break }
        }
        self.fieldDefaults = defaults
    }

    private init(plan: DatumPlan, schema: AvroSchema, fieldDefaults: [AvroValue?]) {
        self.plan = plan
        self.schema = schema
        self.fieldDefaults = fieldDefaults
    }
}

extension JSONNode {
    /// A node for a value that did not come from text; its positions are line 0, column 0 (unknown).
    public init(_ value: JSONValue) {
        let nowhere = TextPosition(line: 0, column: 0)
        switch value {
        case .null: self.init(position: nowhere, value: .null)
        case .bool(let b): self.init(position: nowhere, value: .bool(b))
        case .number(let n): self.init(position: nowhere, value: .number(n))
        case .string(let s): self.init(position: nowhere, value: .string(s))
        case .array(let items): self.init(position: nowhere, value: .array(items.map(JSONNode.init)))
        case .object(let object):
            self.init(position: nowhere, value: .object(zip(object.keys, object.values).map {
                JSONMember(key: $0.0, keyPosition: nowhere, value: JSONNode($0.1))
            }))
        }
    }
}
