/// ListOffsets request (key 2), v1-3.
public struct ListOffsetsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
    /// The follower's id, -1 for consumers.
    public var replicaId: Int32 = -1
    /// 0 read uncommitted, 1 read committed (v2+).
    public var isolationLevel: Int8 = 0
    /// The partitions to look up.
    public var topics: [Topic] = []

    public init() {}

    /// The partitions of one topic.
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

    /// One partition's query.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// -1 latest (high watermark), -2 earliest, else a timestamp in ms.
        public var timestamp: Int64 = -1
        public init() {}
        public init(partitionIndex: Int32, timestamp: Int64) {
            self.partitionIndex = partitionIndex; self.timestamp = timestamp
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&timestamp, "partitions.timestamp")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&replicaId, "replica_id")
        if version >= 2 { try c.int8(&isolationLevel, "isolation_level") }
        try c.array(&topics, "topics", version: version)
    }
}

public struct ListOffsetsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
    /// Throttle time (v2+).
    public var throttleTimeMs: Int32 = 0
    /// The answers per topic.
    public var topics: [Topic] = []

    public init() {}
    public init(topics: [Topic]) { self.topics = topics }

    /// The answers for one topic.
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

    /// One partition's answer.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The partition-level error.
        public var errorCode = ErrorCode.noError
        /// The timestamp of the offset found, -1 for the special queries.
        public var timestamp: Int64 = -1
        /// The offset found, -1 when none.
        public var offset: Int64 = -1
        public init() {}
        public init(partitionIndex: Int32, errorCode: ErrorCode = .noError, timestamp: Int64 = -1, offset: Int64) {
            self.partitionIndex = partitionIndex; self.errorCode = errorCode
            self.timestamp = timestamp; self.offset = offset
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.errorCode(&errorCode, "partitions.error_code")
            try c.int64(&timestamp, "partitions.timestamp")
            try c.int64(&offset, "partitions.offset")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 2 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&topics, "topics", version: version)
    }
}
