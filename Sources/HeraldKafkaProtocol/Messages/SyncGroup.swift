import NIOCore

/// SyncGroup request (key 14), v0-3.
public struct SyncGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    public var groupId = ""
    /// The generation the member joined.
    public var generationId: Int32 = 0
    public var memberId = ""
    /// The static member id (v3+).
    public var groupInstanceId: String?
    /// The leader's assignments (empty from followers).
    public var assignments: [Assignment] = []

    public init() {}

    /// One member's assignment.
    public struct Assignment: KafkaFieldGroup, Hashable {
        public var memberId = ""
        /// The assignment bytes, passed through unparsed.
        public var assignment = ByteBuffer()
        public init() {}
        public init(memberId: String, assignment: ByteBuffer) { self.memberId = memberId; self.assignment = assignment }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&memberId, "assignments.member_id")
            try c.bytes(&assignment, "assignments.assignment")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.int32(&generationId, "generation_id")
        try c.string(&memberId, "member_id")
        if version >= 3 { try c.nullableString(&groupInstanceId, "group_instance_id") }
        try c.array(&assignments, "assignments", version: version)
    }
}

public struct SyncGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.syncGroup
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// This member's assignment bytes (empty when it has none).
    public var assignment = ByteBuffer()

    public init() {}
    public init(errorCode: ErrorCode = .noError, assignment: ByteBuffer = ByteBuffer()) {
        self.errorCode = errorCode; self.assignment = assignment
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
        try c.bytes(&assignment, "assignment")
    }
}
