import NIOCore

/// DescribeGroups request (key 15), v0-4.
public struct DescribeGroupsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    /// The groups to describe.
    public var groups: [String] = []
    /// Whether to include the authorised operations (v3+); Herald has no ACLs and answers "all".
    public var includeAuthorizedOperations = false

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.stringArray(&groups, "groups")
        if version >= 3 { try c.bool(&includeAuthorizedOperations, "include_authorized_operations") }
    }
}

public struct DescribeGroupsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeGroups
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// One entry per requested group, in request order.
    public var groups: [Group] = []

    public init() {}
    public init(groups: [Group]) { self.groups = groups }

    /// One group's state and members.
    public struct Group: KafkaFieldGroup, Hashable {
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        public var groupId = ""
        /// `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable` or `Dead` (unknown group).
        public var groupState = ""
        /// The protocol type (`consumer`), empty when unknown.
        public var protocolType = ""
        /// The chosen protocol (the assignor), empty before the first rebalance completes.
        public var protocolData = ""
        public var members: [Member] = []
        /// Authorised operations (v3+): -2147483648 when not requested.
        public var authorizedOperations: Int32 = Int32.min
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.errorCode(&errorCode)
            try c.string(&groupId, "groups.group_id")
            try c.string(&groupState, "groups.group_state")
            try c.string(&protocolType, "groups.protocol_type")
            try c.string(&protocolData, "groups.protocol_data")
            try c.array(&members, "groups.members", version: version)
            if version >= 3 { try c.int32(&authorizedOperations, "groups.authorized_operations") }
        }
    }

    public struct Member: KafkaFieldGroup, Hashable {
        public var memberId = ""
        /// The static member id (v4+).
        public var groupInstanceId: String?
        /// The client id the member joined with.
        public var clientId = ""
        /// The member's host as Kafka writes it (`/address`).
        public var clientHost = ""
        /// The member's metadata for the chosen protocol (its subscription).
        public var memberMetadata = ByteBuffer()
        /// The member's assignment from the last SyncGroup.
        public var memberAssignment = ByteBuffer()
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&memberId, "members.member_id")
            if version >= 4 { try c.nullableString(&groupInstanceId, "members.group_instance_id") }
            try c.string(&clientId, "members.client_id")
            try c.string(&clientHost, "members.client_host")
            try c.bytes(&memberMetadata, "members.member_metadata")
            try c.bytes(&memberAssignment, "members.member_assignment")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&groups, "groups", version: version)
    }
}
