/// Heartbeat request (key 12), v0-3.
public struct HeartbeatRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    public var groupId = ""
    /// The member's generation.
    public var generationId: Int32 = 0
    public var memberId = ""
    /// The static member id (v3+).
    public var groupInstanceId: String?

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.int32(&generationId, "generation_id")
        try c.string(&memberId, "member_id")
        if version >= 3 { try c.nullableString(&groupInstanceId, "group_instance_id") }
    }
}

public struct HeartbeatResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error; REBALANCE_IN_PROGRESS asks the member to rejoin.
    public var errorCode = ErrorCode.noError

    public init() {}
    public init(errorCode: ErrorCode) { self.errorCode = errorCode }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
    }
}
