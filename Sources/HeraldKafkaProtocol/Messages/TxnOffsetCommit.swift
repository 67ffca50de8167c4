/// TxnOffsetCommit request (key 28), v0-3: consumer offsets committed as part of a transaction; v3 is flexible and
/// names the consumer's group generation and member (KIP-447).
public struct TxnOffsetCommitRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.txnOffsetCommit
    /// The transactional id.
    public var transactionalId = ""
    /// The consumer group.
    public var groupId = ""
    /// The producer id.
    public var producerId: Int64 = -1
    /// The producer epoch.
    public var producerEpoch: Int16 = -1
    /// The consumer's group generation (v3+); -1 when not given.
    public var generationId: Int32 = -1
    /// The consumer's member id (v3+); empty when not given.
    public var memberId = ""
    /// The consumer's static instance id (v3+).
    public var groupInstanceId: String?
    /// The offsets per topic.
    public var topics: [Topic] = []

    /// Makes an empty request.
    public init() {}

    /// Offsets for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partitions.
        public var partitions: [Partition] = []
        /// Makes a blank topic.
        public init() {}
        /// Makes a topic.
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.array(&partitions, "topics.partitions", version: version)
            try c.taggedFieldsIfFlexible()
        }
    }

    /// The offset for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The offset to commit.
        public var committedOffset: Int64 = 0
        /// The leader epoch of the last consumed record (v2+); not used by Herald.
        public var committedLeaderEpoch: Int32 = -1
        /// Client metadata stored with the offset.
        public var committedMetadata: String?
        /// Makes a blank partition.
        public init() {}
        /// Makes a partition.
        public init(partitionIndex: Int32, committedOffset: Int64, committedMetadata: String? = nil) {
            self.partitionIndex = partitionIndex; self.committedOffset = committedOffset
            self.committedMetadata = committedMetadata
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&committedOffset, "partitions.committed_offset")
            if version >= 2 { try c.int32(&committedLeaderEpoch, "partitions.committed_leader_epoch") }
            try c.nullableString(&committedMetadata, "partitions.committed_metadata")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&transactionalId, "transactional_id")
        try c.string(&groupId, "group_id")
        try c.int64(&producerId, "producer_id")
        try c.int16(&producerEpoch, "producer_epoch")
        if version >= 3 {
            try c.int32(&generationId, "generation_id")
            try c.string(&memberId, "member_id")
            try c.nullableString(&groupInstanceId, "group_instance_id")
        }
        try c.array(&topics, "topics", version: version)
        try c.taggedFieldsIfFlexible()
    }
}

/// TxnOffsetCommit response; the same shape as OffsetCommit's.
public struct TxnOffsetCommitResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.txnOffsetCommit
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The results per topic.
    public var topics: [OffsetCommitResponse.Topic] = []

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(topics: [OffsetCommitResponse.Topic]) { self.topics = topics }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&topics, "topics", version: version)
        try c.taggedFieldsIfFlexible()
    }
}
