/// DescribeProducers request (key 61), v0 (flexible).
public struct DescribeProducersRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeProducers
    /// The partitions per topic.
    public var topics: [Topic] = []

    /// Makes an empty request.
    public init() {}

    /// The partitions of one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partition indexes.
        public var partitionIndexes: [Int32] = []
        /// Makes a blank topic.
        public init() {}
        /// Makes a topic.
        public init(name: String, partitionIndexes: [Int32]) { self.name = name; self.partitionIndexes = partitionIndexes }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.int32Array(&partitionIndexes, "topics.partition_indexes")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&topics, "topics", version: version)
        try c.taggedFieldsIfFlexible()
    }
}

/// DescribeProducers response.
public struct DescribeProducersResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeProducers
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The results per topic.
    public var topics: [Topic] = []

    /// Makes an empty response.
    public init() {}

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
            try c.taggedFieldsIfFlexible()
        }
    }

    /// The producers of one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// A message for the error.
        public var errorMessage: String?
        /// The producers with state on the partition.
        public var activeProducers: [Producer] = []
        /// Makes a blank result.
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.errorCode(&errorCode, "partitions.error_code")
            try c.nullableString(&errorMessage, "partitions.error_message")
            try c.array(&activeProducers, "partitions.active_producers", version: version)
            try c.taggedFieldsIfFlexible()
        }
    }

    /// One producer's state on a partition.
    public struct Producer: KafkaFieldGroup, Hashable {
        /// The producer id.
        public var producerId: Int64 = -1
        /// The epoch (an int32 in this API).
        public var producerEpoch: Int32 = -1
        /// The last sequence appended.
        public var lastSequence: Int32 = -1
        /// The timestamp of its last batch; -1 when unknown.
        public var lastTimestamp: Int64 = -1
        /// The coordinator epoch of its last marker; -1 when unknown.
        public var coordinatorEpoch: Int32 = -1
        /// The first offset of its open transaction here, -1 when none.
        public var currentTxnStartOffset: Int64 = -1
        /// Makes a blank entry.
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int64(&producerId, "active_producers.producer_id")
            try c.int32(&producerEpoch, "active_producers.producer_epoch")
            try c.int32(&lastSequence, "active_producers.last_sequence")
            try c.int64(&lastTimestamp, "active_producers.last_timestamp")
            try c.int32(&coordinatorEpoch, "active_producers.coordinator_epoch")
            try c.int64(&currentTxnStartOffset, "active_producers.current_txn_start_offset")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&topics, "topics", version: version)
        try c.taggedFieldsIfFlexible()
    }
}
