import NIOCore

/// JoinGroup request (key 11), v0-5.
public struct JoinGroupRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    public var groupId = ""
    public var sessionTimeoutMs: Int32 = 0
    /// The rebalance timeout (v1+); -1 means use the session timeout.
    public var rebalanceTimeoutMs: Int32 = -1
    /// The member id; empty on a first join.
    public var memberId = ""
    /// The static member id (v5+).
    public var groupInstanceId: String?
    /// The protocol type, `consumer` for consumers.
    public var protocolType = ""
    /// The protocols the member supports, in preference order.
    public var protocols: [GroupProtocol] = []

    public init() {}

    /// One supported protocol with the member's opaque metadata.
    public struct GroupProtocol: KafkaFieldGroup, Hashable {
        /// The protocol (assignor) name.
        public var name = ""
        /// The subscription bytes, passed through unparsed.
        public var metadata = ByteBuffer()
        public init() {}
        public init(name: String, metadata: ByteBuffer) { self.name = name; self.metadata = metadata }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "protocols.name")
            try c.bytes(&metadata, "protocols.metadata")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.int32(&sessionTimeoutMs, "session_timeout_ms")
        if version >= 1 { try c.int32(&rebalanceTimeoutMs, "rebalance_timeout_ms") }
        try c.string(&memberId, "member_id")
        if version >= 5 { try c.nullableString(&groupInstanceId, "group_instance_id") }
        try c.string(&protocolType, "protocol_type")
        try c.array(&protocols, "protocols", version: version)
    }
}

public struct JoinGroupResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    /// Throttle time (v2+).
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// The generation (Herald starts at 1).
    public var generationId: Int32 = -1
    /// The chosen protocol name.
    public var protocolName = ""
    /// The leader's member id.
    public var leader = ""
    /// The receiving member's id.
    public var memberId = ""
    /// All members, for the leader only.
    public var members: [Member] = []

    public init() {}

    /// One member as the leader sees it.
    public struct Member: KafkaFieldGroup, Hashable {
        public var memberId = ""
        /// The static member id (v5+).
        public var groupInstanceId: String?
        /// The member's subscription bytes.
        public var metadata = ByteBuffer()
        public init() {}
        public init(memberId: String, groupInstanceId: String? = nil, metadata: ByteBuffer) {
            self.memberId = memberId; self.groupInstanceId = groupInstanceId; self.metadata = metadata
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&memberId, "members.member_id")
            if version >= 5 { try c.nullableString(&groupInstanceId, "members.group_instance_id") }
            try c.bytes(&metadata, "members.metadata")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 2 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
        try c.int32(&generationId, "generation_id")
        try c.string(&protocolName, "protocol_name")
        try c.string(&leader, "leader")
        try c.string(&memberId, "member_id")
        try c.array(&members, "members", version: version)
    }
}
