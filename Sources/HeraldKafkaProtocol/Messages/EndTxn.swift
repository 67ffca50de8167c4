/// EndTxn request (key 26), v0-3 (one layout, flexible from v3; v2+ answers a fenced producer PRODUCER_FENCED).
public struct EndTxnRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.endTxn
    /// The transactional id.
    public var transactionalId = ""
    /// The producer id.
    public var producerId: Int64 = -1
    /// The producer epoch.
    public var producerEpoch: Int16 = -1
    /// True to commit, false to abort.
    public var committed = false

    /// Makes an empty request.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&transactionalId, "transactional_id")
        try c.int64(&producerId, "producer_id")
        try c.int16(&producerEpoch, "producer_epoch")
        try c.bool(&committed, "committed")
        try c.taggedFieldsIfFlexible()
    }
}

/// EndTxn response.
public struct EndTxnResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.endTxn
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(errorCode: ErrorCode) { self.errorCode = errorCode }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.errorCode(&errorCode)
        try c.taggedFieldsIfFlexible()
    }
}
