/// OffsetCommit request (key 8), v2-3.
public struct OffsetCommitRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    public var groupId = ""
    /// The member's generation; -1 for a commit from an `assign()` consumer.
    public var generationId: Int32 = -1
    /// The member id; empty for a commit from an `assign()` consumer.
    public var memberId = ""
    /// The retention time (v2-4); ignored by Herald.
    public var retentionTimeMs: Int64 = -1
    /// The offsets per topic.
    public var topics: [Topic] = []

    public init() {}

    /// Offsets for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.array(&partitions, "topics.partitions", version: version)
        }
    }

    /// The offset for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The offset to commit.
        public var committedOffset: Int64 = 0
        /// Client metadata stored with the offset.
        public var committedMetadata: String?
        public init() {}
        public init(partitionIndex: Int32, committedOffset: Int64, committedMetadata: String? = nil) {
            self.partitionIndex = partitionIndex; self.committedOffset = committedOffset
            self.committedMetadata = committedMetadata
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&committedOffset, "partitions.committed_offset")
            try c.nullableString(&committedMetadata, "partitions.committed_metadata")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        try c.int32(&generationId, "generation_id")
        try c.string(&memberId, "member_id")
        try c.int64(&retentionTimeMs, "retention_time_ms")
        try c.array(&topics, "topics", version: version)
    }
}

public struct OffsetCommitResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    /// Throttle time (v3+).
    public var throttleTimeMs: Int32 = 0
    /// The results per topic.
    public var topics: [Topic] = []

    public init() {}
    public init(topics: [Topic]) { self.topics = topics }

    /// Results for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.array(&partitions, "topics.partitions", version: version)
            try c.taggedFieldsIfFlexible()
        }
    }

    /// The result for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        public init() {}
        public init(partitionIndex: Int32, errorCode: ErrorCode = .noError) {
            self.partitionIndex = partitionIndex; self.errorCode = errorCode
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.errorCode(&errorCode, "partitions.error_code")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 3 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&topics, "topics", version: version)
    }
}
