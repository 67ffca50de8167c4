/// AddPartitionsToTxn request (key 24), v0-3 (one layout, flexible from v3; v2+ answers a fenced producer PRODUCER_FENCED).
public struct AddPartitionsToTxnRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.addPartitionsToTxn
    /// The transactional id.
    public var transactionalId = ""
    /// The producer id InitProducerId handed out.
    public var producerId: Int64 = -1
    /// The producer epoch.
    public var producerEpoch: Int16 = -1
    /// The partitions to add, per topic.
    public var topics: [Topic] = []

    /// Makes an empty request.
    public init() {}

    /// The partitions of one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partition indexes.
        public var partitions: [Int32] = []
        /// Makes a blank topic.
        public init() {}
        /// Makes a topic.
        public init(name: String, partitions: [Int32]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.int32Array(&partitions, "topics.partitions")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&transactionalId, "transactional_id")
        try c.int64(&producerId, "producer_id")
        try c.int16(&producerEpoch, "producer_epoch")
        try c.array(&topics, "topics", version: version)
        try c.taggedFieldsIfFlexible()
    }
}

/// AddPartitionsToTxn response.
public struct AddPartitionsToTxnResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.addPartitionsToTxn
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The results per topic.
    public var results: [Topic] = []

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(results: [Topic]) { self.results = results }

    /// Results for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partitions.
        public var results: [Partition] = []
        /// Makes a blank topic.
        public init() {}
        /// Makes a topic.
        public init(name: String, results: [Partition]) { self.name = name; self.results = results }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "results.name")
            try c.array(&results, "results.results", version: version)
            try c.taggedFieldsIfFlexible()
        }
    }

    /// The result for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// Makes a blank result.
        public init() {}
        /// Makes a result.
        public init(partitionIndex: Int32, errorCode: ErrorCode = .noError) {
            self.partitionIndex = partitionIndex; self.errorCode = errorCode
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "results.partition_index")
            try c.errorCode(&errorCode, "results.error_code")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&results, "results", version: version)
        try c.taggedFieldsIfFlexible()
    }
}
