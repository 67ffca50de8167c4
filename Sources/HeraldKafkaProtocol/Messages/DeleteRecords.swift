/// DeleteRecords request (key 21), v0-1 (one layout): moves each partition's log start offset forward.
public struct DeleteRecordsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.deleteRecords
    /// The partitions per topic.
    public var topics: [Topic] = []
    /// The time to wait for completion.
    public var timeoutMs: Int32 = 0

    /// Makes an empty request.
    public init() {}

    /// One topic.
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
        }
    }

    /// One partition: records before `offset` are deleted; -1 means the high watermark.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The new log start offset.
        public var offset: Int64 = 0
        /// Makes a blank partition.
        public init() {}
        /// Makes a partition.
        public init(partitionIndex: Int32, offset: Int64) { self.partitionIndex = partitionIndex; self.offset = offset }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&offset, "partitions.offset")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&topics, "topics", version: version)
        try c.int32(&timeoutMs, "timeout_ms")
    }
}

/// DeleteRecords response.
public struct DeleteRecordsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.deleteRecords
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The results per topic.
    public var topics: [Topic] = []

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(topics: [Topic]) { self.topics = topics }

    /// Results for one topic.
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
        }
    }

    /// The result for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The log start offset after the deletion.
        public var lowWatermark: Int64 = -1
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// Makes a blank result.
        public init() {}
        /// Makes a result.
        public init(partitionIndex: Int32, lowWatermark: Int64, errorCode: ErrorCode = .noError) {
            self.partitionIndex = partitionIndex; self.lowWatermark = lowWatermark; self.errorCode = errorCode
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.int64(&lowWatermark, "partitions.low_watermark")
            try c.errorCode(&errorCode, "partitions.error_code")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&topics, "topics", version: version)
    }
}
