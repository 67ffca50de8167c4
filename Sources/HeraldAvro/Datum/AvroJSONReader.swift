/// Reads JSON datums (plain or Avro JSON encoding) into `AvroValue`s for one schema.
public struct AvroJSONReader: Sendable {
    /// The schema values follow.
    public let schema: AvroSchema
    /// The JSON reading used.
    public let encoding: AvroJSONEncoding
    let plan: JSONDatumPlan

    /// Prepares a reader; field defaults are read once here.
    public init(schema: AvroSchema, encoding: AvroJSONEncoding = .plain) {
        self.schema = schema
        self.encoding = encoding
        self.plan = JSONDatumPlan(schema)
    }

    /// The datum, or every problem with it.
    public func read(_ json: JSONNode) throws(AvroJSONReadError) -> AvroValue {
        let root = schema.root
        if let value = JSONDatumWalker.with(plan: plan, encoding: encoding, collect: false, build: true, { $0.walk(json, root) }) {
            return value
        }
        throw AvroJSONReadError(problems: AvroValidator(plan: plan, encoding: encoding).validate(json))
    }

    /// The datum from a JSON value without positions.
    public func read(_ json: JSONValue) throws(AvroJSONReadError) -> AvroValue { try read(JSONNode(json)) }

    /// The default of field `field` of the record at `record`, read as a value when it fits the field's type (nil
    /// when the field has none, or `record` is not a record of this schema).
    public func fieldDefault(record: AvroNode.ID, field: Int) -> AvroValue? {
        guard plan.plan.ops.indices.contains(record) else { return nil }
        let op = plan.plan.ops[record]
        guard op.kind == .record, field >= 0, field < Int(op.b) else { return nil }
        return plan.fieldDefaults[Int(op.a) + field]
    }
}

/// A JSON datum that does not fit its schema; `problems` lists every reason.
public struct AvroJSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem, in the validator's order.
    public var problems: [DatumProblem]

    /// An error listing these problems.
    public init(problems: [DatumProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Checks JSON datums against a schema and reports every problem, with paths and text positions.
public struct AvroValidator: Sendable {
    /// The JSON reading used.
    public let encoding: AvroJSONEncoding
    let plan: JSONDatumPlan

    /// Prepares a validator for many datums of one schema.
    public init(schema: AvroSchema, encoding: AvroJSONEncoding = .plain) {
        self.init(plan: JSONDatumPlan(schema), encoding: encoding)
    }

    init(plan: JSONDatumPlan, encoding: AvroJSONEncoding) {
        self.plan = plan
        self.encoding = encoding
    }

    /// Every problem of `json` against the schema (per record: its members in document order, then missing fields); empty when valid.
    public func validate(_ json: JSONNode) -> [DatumProblem] {
        let root = plan.schema.root
        let probe = JSONDatumWalker.with(plan: plan, encoding: encoding, collect: false, build: false) { walker in
            (fits: walker.walk(json, root) != nil, exhausted: walker.exhausted, tooDeep: walker.tooDeep)
        }
        if probe.fits { return [] }
        if probe.exhausted { return [Self.tooComplex(json, tooDeep: probe.tooDeep)] }
        return JSONDatumWalker.with(plan: plan, encoding: encoding, collect: true, build: false) { walker in
            _ = walker.walk(json, root)
            return walker.exhausted ? [Self.tooComplex(json, tooDeep: walker.tooDeep)] : walker.problems
        }
    }

    static func tooComplex(_ json: JSONNode, tooDeep: Bool) -> DatumProblem {
        let position = json.position.line > 0 ? json.position : nil
        if tooDeep {
            return DatumProblem(
                kind: .tooComplex, components: [], position: position,
                expected: "values nested at most \(JSONDatumWalker.maxDepth) deep", found: "deeper nesting",
                message: "values are nested deeper than \(JSONDatumWalker.maxDepth) levels (records, arrays, maps and union branches each count)",
                hint: "Examples document a contract; a shallower payload shows it as well.")
        }
        return DatumProblem(
            kind: .tooComplex, components: [], position: position,
            expected: "at most \(JSONDatumWalker.stepBudget) values visited", found: "a document that needs more",
            message: "checking this document against the schema needs more than \(JSONDatumWalker.stepBudget) steps",
            hint: "Examples document a contract: a smaller payload shows it as well. Where the schema nests unions of records, "
                + "plain JSON tries them branch by branch, and --encoding avro-json names the branches.")
    }

    /// Whether `json` is valid, without building messages.
    public func isValid(_ json: JSONNode) -> Bool {
        let root = plan.schema.root
        return JSONDatumWalker.with(plan: plan, encoding: encoding, collect: false, build: false) { $0.walk(json, root) != nil }
    }

    /// Every problem of `json` against `schema`.
    public static func validate(_ json: JSONNode, against schema: AvroSchema, encoding: AvroJSONEncoding = .plain) -> [DatumProblem] {
        AvroValidator(schema: schema, encoding: encoding).validate(json)
    }
}
