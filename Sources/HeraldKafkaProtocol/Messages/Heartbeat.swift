/// Heartbeat request (key 12), v0-3.
public struct HeartbeatRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.heartbeat
    /// The group id.
    public var groupId = ""
    /// The member's generation.
    public var generationId: Int32 = 0
    /// The member id.
    public var memberId = ""
    /// The static member id (v3+).
    public var groupInstanceId: String?

    /// Makes an empty request.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.int32(&generationId, "generation_id")
        try c.string(&memberId, "member_id")
        if version >= 3 { try c.nullableString(&groupInstanceId, "group_instance_id") }
    }
}

/// Heartbeat response.
public struct HeartbeatResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.heartbeat
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error; REBALANCE_IN_PROGRESS asks the member to rejoin.
    public var errorCode = ErrorCode.noError

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(errorCode: ErrorCode) { self.errorCode = errorCode }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
    }
}
