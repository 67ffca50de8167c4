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
        // Defaults are read with a plan without defaults: a default must be complete, it cannot lean on others.
        let bare = JSONDatumPlan(plan: plan, schema: schema, fieldDefaults: defaults)
        for (id, op) in plan.ops.enumerated() where op.kind == .record {
            guard case .record(let record) = schema.nodes[id].type else { continue }
            for (i, field) in record.fields.enumerated() {
                guard let json = field.defaultValue else { continue }
                var walker = JSONDatumWalker(plan: bare, encoding: .plain, collect: false, build: true)
                defaults[Int(op.a) + i] = walker.walk(JSONNode(json), Int(plan.children[Int(op.a) + i]))
            }
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
