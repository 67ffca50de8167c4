/// OffsetFetch request (key 9), v1-3.
public struct OffsetFetchRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    public var groupId = ""
    /// The partitions asked for; nil (v2+) means everything the group committed.
    public var topics: [Topic]? = []

    public init() {}

    /// The partitions of one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        public var partitionIndexes: [Int32] = []
        public init() {}
        public init(name: String, partitionIndexes: [Int32]) { self.name = name; self.partitionIndexes = partitionIndexes }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.int32Array(&partitionIndexes, "topics.partition_indexes")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&groupId, "group_id")
        if version >= 2 {
            try c.nullableArray(&topics, "topics", version: version)
        } else {
            var present = topics ?? []
            try c.array(&present, "topics", version: version)
            topics = present
        }
    }
}

public struct OffsetFetchResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    /// Throttle time (v3+).
    public var throttleTimeMs: Int32 = 0
    /// The committed offsets per topic.
    public var topics: [Topic] = []
    /// The top-level error (v2+).
    public var errorCode = ErrorCode.noError

    public init() {}
    public init(topics: [Topic], errorCode: ErrorCode = .noError) { self.topics = topics; self.errorCode = errorCode }

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

    /// The committed offset of one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The committed offset, -1 when none.
        public var committedOffset: Int64 = -1
        /// The stored metadata ("" when none).
        public var metadata: String? = ""
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        public init() {}
        public init(partitionIndex: Int32, committedOffset: Int64, metadata: String? = "",
                    errorCode: ErrorCode = .noError) {
            self.partitionIndex = partitionIndex; self.committedOffset = committedOffset
            self.metadata = metadata; self.errorCode = errorCode
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&committedOffset, "partitions.committed_offset")
            try c.nullableString(&metadata, "partitions.metadata")
            try c.errorCode(&errorCode, "partitions.error_code")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 3 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&topics, "topics", version: version)
        if version >= 2 { try c.errorCode(&errorCode) }
    }
}
