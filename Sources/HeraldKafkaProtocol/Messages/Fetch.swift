import NIOCore

/// Fetch request (key 1), v4-11.
public struct FetchRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    /// The follower's id, -1 for consumers.
    public var replicaId: Int32 = -1
    /// How long to wait for `minBytes`.
    public var maxWaitMs: Int32 = 0
    /// The bytes to accumulate before answering.
    public var minBytes: Int32 = 0
    /// The maximum bytes in the whole response.
    public var maxBytes: Int32 = Int32.max
    /// 0 read uncommitted, 1 read committed.
    public var isolationLevel: Int8 = 0
    /// The fetch session id (v7+).
    public var sessionId: Int32 = 0
    /// The fetch session epoch (v7+).
    public var sessionEpoch: Int32 = -1
    /// The partitions to fetch.
    public var topics: [Topic] = []
    /// Partitions to drop from an incremental session (v7+).
    public var forgottenTopics: [ForgottenTopic] = []
    /// The consumer's rack (v11+).
    public var rackId = ""

    public init() {}

    /// The partitions to fetch from one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.topic")
            try c.array(&partitions, "topics.partitions", version: version)
        }
    }

    /// One partition to fetch.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var partition: Int32 = 0
        /// The leader epoch the client knows (v9+); -1 from every client Herald serves.
        public var currentLeaderEpoch: Int32 = -1
        /// The offset to read from.
        public var fetchOffset: Int64 = 0
        /// The follower's log start offset (v5+).
        public var logStartOffset: Int64 = -1
        /// The maximum bytes for this partition.
        public var partitionMaxBytes: Int32 = 0
        public init() {}
        public init(partition: Int32, fetchOffset: Int64, partitionMaxBytes: Int32) {
            self.partition = partition; self.fetchOffset = fetchOffset; self.partitionMaxBytes = partitionMaxBytes
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partition, "partitions.partition")
            if version >= 9 { try c.int32(&currentLeaderEpoch, "partitions.current_leader_epoch") }
            try c.int64(&fetchOffset, "partitions.fetch_offset")
            if version >= 5 { try c.int64(&logStartOffset, "partitions.log_start_offset") }
            try c.int32(&partitionMaxBytes, "partitions.partition_max_bytes")
        }
    }

    /// Partitions to drop from a session (v7+).
    public struct ForgottenTopic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partition indexes.
        public var partitions: [Int32] = []
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "forgotten_topics_data.topic")
            try c.int32Array(&partitions, "forgotten_topics_data.partitions")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&replicaId, "replica_id")
        try c.int32(&maxWaitMs, "max_wait_ms")
        try c.int32(&minBytes, "min_bytes")
        if version >= 3 { try c.int32(&maxBytes, "max_bytes") }
        if version >= 4 { try c.int8(&isolationLevel, "isolation_level") }
        if version >= 7 {
            try c.int32(&sessionId, "session_id")
            try c.int32(&sessionEpoch, "session_epoch")
        }
        try c.array(&topics, "topics", version: version)
        if version >= 7 { try c.array(&forgottenTopics, "forgotten_topics_data", version: version) }
        if version >= 11 { try c.string(&rackId, "rack_id") }
    }
}

public struct FetchResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.fetch
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The top-level error (v7+).
    public var errorCode = ErrorCode.noError
    /// The fetch session id (v7+); Herald always answers 0 (no session).
    public var sessionId: Int32 = 0
    /// The data per topic.
    public var topics: [Topic] = []

    public init() {}
    public init(topics: [Topic]) { self.topics = topics }

    /// Data for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "responses.topic")
            try c.array(&partitions, "responses.partitions", version: version)
        }
    }

    /// Data for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The partition-level error.
        public var errorCode = ErrorCode.noError
        /// The high watermark (log end offset with one replica).
        public var highWatermark: Int64 = -1
        /// The last stable offset (v4+); the high watermark, as Herald has no transactions.
        public var lastStableOffset: Int64 = -1
        /// The log start offset (v5+).
        public var logStartOffset: Int64 = -1
        /// Aborted transactions (v4+); nil and empty both mean none.
        public var abortedTransactions: [AbortedTransaction]? = []
        /// The preferred read replica (v11+), -1 for none.
        public var preferredReadReplica: Int32 = -1
        /// Whole record batches, concatenated.
        public var records: ByteBuffer?
        public init() {}
        public init(partitionIndex: Int32, errorCode: ErrorCode = .noError, highWatermark: Int64,
                    lastStableOffset: Int64, logStartOffset: Int64, records: ByteBuffer?) {
            self.partitionIndex = partitionIndex; self.errorCode = errorCode; self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset; self.logStartOffset = logStartOffset; self.records = records
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "partitions.partition_index")
            try c.errorCode(&errorCode, "partitions.error_code")
            try c.int64(&highWatermark, "partitions.high_watermark")
            if version >= 4 { try c.int64(&lastStableOffset, "partitions.last_stable_offset") }
            if version >= 5 { try c.int64(&logStartOffset, "partitions.log_start_offset") }
            if version >= 4 {
                try c.nullableArray(&abortedTransactions, "partitions.aborted_transactions", version: version)
            }
            if version >= 11 { try c.int32(&preferredReadReplica, "partitions.preferred_read_replica") }
            try c.nullableBytes(&records, "partitions.records")
        }
    }

    /// One aborted transaction (v4+).
    public struct AbortedTransaction: KafkaFieldGroup, Hashable {
        public var producerId: Int64 = 0
        /// The first offset of the transaction.
        public var firstOffset: Int64 = 0
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int64(&producerId, "aborted_transactions.producer_id")
            try c.int64(&firstOffset, "aborted_transactions.first_offset")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        if version >= 7 {
            try c.errorCode(&errorCode)
            try c.int32(&sessionId, "session_id")
        }
        try c.array(&topics, "responses", version: version)
    }
}
