/// InitProducerId request (key 22), v0-4: v2 is flexible, v3 adds the producer id and epoch a producer asks to bump
/// (KIP-360), v4 only allows PRODUCER_FENCED in the answer.
public struct InitProducerIdRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    /// The transactional id; null for an idempotent producer.
    public var transactionalId: String?
    public var transactionTimeoutMs: Int32 = 0
    /// The producer id whose epoch the producer wants bumped (v3+); -1 for a new session.
    public var producerId: Int64 = -1
    /// The epoch it holds now (v3+); -1 for a new session.
    public var producerEpoch: Int16 = -1

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.nullableString(&transactionalId, "transactional_id")
        try c.int32(&transactionTimeoutMs, "transaction_timeout_ms")
        if version >= 3 {
            try c.int64(&producerId, "producer_id")
            try c.int16(&producerEpoch, "producer_epoch")
        }
        try c.taggedFieldsIfFlexible()
    }
}

public struct InitProducerIdResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.initProducerId
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// The assigned producer id.
    public var producerId: Int64 = -1
    public var producerEpoch: Int16 = -1

    public init() {}
    public init(errorCode: ErrorCode = .noError, producerId: Int64, producerEpoch: Int16) {
        self.errorCode = errorCode; self.producerId = producerId; self.producerEpoch = producerEpoch
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.errorCode(&errorCode)
        try c.int64(&producerId, "producer_id")
        try c.int16(&producerEpoch, "producer_epoch")
        try c.taggedFieldsIfFlexible()
    }
}
