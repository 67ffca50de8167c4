import HeraldKafkaProtocol

/// A produce-time check of a batch's records before they are appended (schema enforcement plugs in here).
public protocol ProduceValidator: Sendable {
    /// Validates one checked batch (CRC and codec already verified) for `topic`/`partition`. Reads the records as it
    /// needs (decompressing with `limits`) and throws the `RecordBatchError` a malformed record raises.
    func validate(topic: String, partition: Int32, batch: RecordBatch, limits: RecordBatchLimits) throws -> RecordValidationResult
    /// Counts of validated records per topic, for the broker's periodic report; nil when the validator keeps none.
    var statistics: ProduceStatistics? { get }
}

extension ProduceValidator {
    /// Validators keep no counts unless they say otherwise.
    public var statistics: ProduceStatistics? { nil }
}

/// The outcome of validating one batch.
public enum RecordValidationResult: Sendable, Hashable {
    /// Every record passes.
    case accepted
    /// The whole batch is rejected with INVALID_RECORD; `errors` name the failing records.
    case rejected(errors: [RecordValidationError], message: String)
    /// Some records fail and go to `deadLetterTopic` (with headers saying why); the others are appended as usual.
    case deadLettered(topic: String, errors: [RecordValidationError])
}

/// Why one record of a batch was rejected.
public struct RecordValidationError: Sendable, Hashable {
    public var batchIndex: Int32
    /// One line a developer acts on, starting with `record N:`.
    public var message: String
    /// The stable ID of the failed check (`PRODUCE_NOT_FRAMED`, …); empty for checks without one.
    public var rule: String
    /// The schema ID the record's framing names, when it has one.
    public var schemaID: UInt32?
    /// An error for the record at `batchIndex`.
    public init(batchIndex: Int32, message: String, rule: String = "", schemaID: UInt32? = nil) {
        self.batchIndex = batchIndex
        self.message = message
        self.rule = rule
        self.schemaID = schemaID
    }
}

/// The default validator: accepts every record once its shape is checked.
public struct AcceptAllRecords: ProduceValidator {
    /// The validator.
    public init() {}
    /// Checks the records' shape without building them, and accepts.
    public func validate(topic: String, partition: Int32, batch: RecordBatch, limits: RecordBatchLimits) throws -> RecordValidationResult {
        try batch.checkRecords(limits: limits)
        return .accepted
    }
}

/// A validator built from a closure over the batch's records.
public struct ProduceValidationClosure: ProduceValidator {
    let body: @Sendable (String, Int32, [KafkaRecord]) -> RecordValidationResult
    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (String, Int32, [KafkaRecord]) -> RecordValidationResult) { self.body = body }
    /// Builds the records and calls the closure.
    public func validate(topic: String, partition: Int32, batch: RecordBatch, limits: RecordBatchLimits) throws -> RecordValidationResult {
        body(topic, partition, try batch.records(limits: limits))
    }
}
