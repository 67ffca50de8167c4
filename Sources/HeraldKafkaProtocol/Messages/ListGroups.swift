/// ListGroups request (key 16), v0-2: no fields.
public struct ListGroupsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listGroups

    public init() {}

    /// Codes the fields for `version` (there are none before v4's states filter).
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {}
}

public struct ListGroupsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listGroups
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// Every group the broker coordinates.
    public var groups: [Group] = []

    public init() {}
    /// Makes a response listing these groups.
    public init(groups: [Group]) { self.groups = groups }

    /// One group: its id and protocol type (`consumer` for consumer groups).
    public struct Group: KafkaFieldGroup, Hashable {
        public var groupId = ""
        /// The protocol type, empty for a group that only commits offsets.
        public var protocolType = ""
        public init() {}
        public init(groupId: String, protocolType: String) { self.groupId = groupId; self.protocolType = protocolType }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&groupId, "groups.group_id")
            try c.string(&protocolType, "groups.protocol_type")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
        try c.array(&groups, "groups", version: version)
    }
}
