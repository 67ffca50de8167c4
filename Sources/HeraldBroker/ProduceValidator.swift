import HeraldKafkaProtocol

/// A produce-time check of a batch's records before they are appended (schema enforcement plugs in here).
public protocol ProduceValidator: Sendable {
    /// Validates the (decompressed) records of one batch for `topic`/`partition`.
    func validate(topic: String, partition: Int32, records: [KafkaRecord]) -> RecordValidationResult
    /// Whether `validate` looks at the records; when false the broker checks the records' shape without building
    /// them and does not call `validate`.
    var inspectsRecords: Bool { get }
}

extension ProduceValidator {
    /// Validators look at the records unless they say otherwise.
    public var inspectsRecords: Bool { true }
}

/// The outcome of validating one batch.
public enum RecordValidationResult: Sendable, Hashable {
    /// Every record passes.
    case accepted
    /// The whole batch is rejected with INVALID_RECORD; `errors` name the failing records.
    case rejected(errors: [RecordValidationError], message: String)
}

/// Why one record of a batch was rejected.
public struct RecordValidationError: Sendable, Hashable {
    /// The batch index.
    public var batchIndex: Int32
    /// The message.
    public var message: String
    /// An error for the record at `batchIndex`.
    public init(batchIndex: Int32, message: String) {
        self.batchIndex = batchIndex
        self.message = message
    }
}

/// The default validator: accepts every record.
public struct AcceptAllRecords: ProduceValidator {
    /// The validator.
    public init() {}
    /// Accepts.
    public func validate(topic: String, partition: Int32, records: [KafkaRecord]) -> RecordValidationResult { .accepted }
    /// Accepting needs no records, so the broker skips building them.
    public var inspectsRecords: Bool { false }
}

/// A validator built from a closure.
public struct ProduceValidationClosure: ProduceValidator {
    let body: @Sendable (String, Int32, [KafkaRecord]) -> RecordValidationResult
    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (String, Int32, [KafkaRecord]) -> RecordValidationResult) { self.body = body }
    /// Calls the closure.
    public func validate(topic: String, partition: Int32, records: [KafkaRecord]) -> RecordValidationResult {
        body(topic, partition, records)
    }
}
