/// Reads JSON datums (plain or Avro JSON encoding) into `AvroValue`s for one schema.
public struct AvroJSONReader: Sendable {
    public let schema: AvroSchema
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
        var walker = JSONDatumWalker(plan: plan, encoding: encoding, collect: false, build: true)
        if let value = walker.walk(json, schema.root) { return value }
        throw AvroJSONReadError(problems: AvroValidator(plan: plan, encoding: encoding).validate(json))
    }

    /// The datum from a JSON value without positions.
    public func read(_ json: JSONValue) throws(AvroJSONReadError) -> AvroValue { try read(JSONNode(json)) }
}

/// A JSON datum that does not fit its schema; `problems` lists every reason.
public struct AvroJSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [DatumProblem]

    public init(problems: [DatumProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Checks JSON datums against a schema and reports every problem, with paths and text positions.
public struct AvroValidator: Sendable {
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
        var probe = JSONDatumWalker(plan: plan, encoding: encoding, collect: false, build: false)
        if probe.walk(json, plan.schema.root) != nil { return [] }
        var walker = JSONDatumWalker(plan: plan, encoding: encoding, collect: true, build: false)
        _ = walker.walk(json, plan.schema.root)
        return walker.problems
    }

    /// Whether `json` is valid, without building messages.
    public func isValid(_ json: JSONNode) -> Bool {
        var probe = JSONDatumWalker(plan: plan, encoding: encoding, collect: false, build: false)
        return probe.walk(json, plan.schema.root) != nil
    }

    /// Every problem of `json` against `schema`.
    public static func validate(_ json: JSONNode, against schema: AvroSchema, encoding: AvroJSONEncoding = .plain) -> [DatumProblem] {
        AvroValidator(schema: schema, encoding: encoding).validate(json)
    }
}
