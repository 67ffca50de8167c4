/// LeaveGroup request (key 13), v0-1.
public struct LeaveGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    public var groupId = ""
    /// The leaving member's id.
    public var memberId = ""

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.string(&memberId, "member_id")
    }
}

public struct LeaveGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError

    public init() {}
    public init(errorCode: ErrorCode) { self.errorCode = errorCode }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
    }
}
