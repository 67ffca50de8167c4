import NIOCore

/// Metadata request (key 3), v1-8.
public struct MetadataRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    /// Topic names; nil means all topics, empty means none (v1+).
    public var topics: [String]? = []
    /// Whether unknown topics may be created (v4+; true before v4, as in Kafka).
    public var allowAutoTopicCreation = true
    /// Whether cluster ACL operations are wanted (v8+).
    public var includeClusterAuthorizedOperations = false
    /// Whether topic ACL operations are wanted (v8+).
    public var includeTopicAuthorizedOperations = false

    /// Makes a request for no topics.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.nullableArray(&topics, "topics", blank: { "" }) { c, name in try c.string(&name, "topics.name") }
        if version >= 4 { try c.bool(&allowAutoTopicCreation, "allow_auto_topic_creation") }
        if version >= 8 {
            try c.bool(&includeClusterAuthorizedOperations, "include_cluster_authorized_operations")
            try c.bool(&includeTopicAuthorizedOperations, "include_topic_authorized_operations")
        }
    }
}

public struct MetadataResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    /// Throttle time (v3+).
    public var throttleTimeMs: Int32 = 0
    /// The brokers of the cluster.
    public var brokers: [Broker] = []
    /// The cluster id (v2+).
    public var clusterId: String?
    /// The controller's node id (v1+).
    public var controllerId: Int32 = -1
    /// The topics described.
    public var topics: [Topic] = []
    /// Cluster ACL operations (v8+); INT32_MIN means not requested.
    public var clusterAuthorizedOperations: Int32 = Int32.min

    public init() {}

    public struct Broker: KafkaFieldGroup, Hashable {
        public var nodeId: Int32 = 0
        /// The host clients dial.
        public var host = ""
        /// The port clients dial.
        public var port: Int32 = 0
        /// The rack (v1+).
        public var rack: String?
        public init() {}
        public init(nodeId: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeId = nodeId; self.host = host; self.port = port; self.rack = rack
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&nodeId, "brokers.node_id")
            try c.string(&host, "brokers.host")
            try c.int32(&port, "brokers.port")
            if version >= 1 { try c.nullableString(&rack, "brokers.rack") }
        }
    }

    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic-level error.
        public var errorCode = ErrorCode.noError
        /// The topic name.
        public var name = ""
        /// Whether the topic is internal (v1+).
        public var isInternal = false
        public var partitions: [Partition] = []
        /// Topic ACL operations (v8+); INT32_MIN means not requested.
        public var topicAuthorizedOperations: Int32 = Int32.min
        public init() {}
        public init(errorCode: ErrorCode = .noError, name: String, isInternal: Bool = false, partitions: [Partition]) {
            self.errorCode = errorCode; self.name = name; self.isInternal = isInternal; self.partitions = partitions
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.errorCode(&errorCode, "topics.error_code")
            try c.string(&name, "topics.name")
            if version >= 1 { try c.bool(&isInternal, "topics.is_internal") }
            try c.array(&partitions, "topics.partitions", version: version)
            if version >= 8 { try c.int32(&topicAuthorizedOperations, "topics.topic_authorized_operations") }
        }
    }

    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition-level error.
        public var errorCode = ErrorCode.noError
        public var partitionIndex: Int32 = 0
        /// The leader's node id.
        public var leaderId: Int32 = 0
        /// The leader epoch (v7+).
        public var leaderEpoch: Int32 = -1
        /// Replica node ids.
        public var replicaNodes: [Int32] = []
        /// In-sync replica node ids.
        public var isrNodes: [Int32] = []
        /// Offline replica node ids (v5+).
        public var offlineReplicas: [Int32] = []
        public init() {}
        /// Makes a partition led by `leaderId` with that node as its only replica.
        public init(errorCode: ErrorCode = .noError, partitionIndex: Int32, leaderId: Int32, leaderEpoch: Int32 = 0) {
            self.errorCode = errorCode; self.partitionIndex = partitionIndex; self.leaderId = leaderId
            self.leaderEpoch = leaderEpoch; self.replicaNodes = [leaderId]; self.isrNodes = [leaderId]
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.errorCode(&errorCode, "partitions.error_code")
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int32(&leaderId, "partitions.leader_id")
            if version >= 7 { try c.int32(&leaderEpoch, "partitions.leader_epoch") }
            try c.int32Array(&replicaNodes, "partitions.replica_nodes")
            try c.int32Array(&isrNodes, "partitions.isr_nodes")
            if version >= 5 { try c.int32Array(&offlineReplicas, "partitions.offline_replicas") }
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 3 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&brokers, "brokers", version: version)
        if version >= 2 { try c.nullableString(&clusterId, "cluster_id") }
        if version >= 1 { try c.int32(&controllerId, "controller_id") }
        try c.array(&topics, "topics", version: version)
        if version >= 8 { try c.int32(&clusterAuthorizedOperations, "cluster_authorized_operations") }
    }
}
