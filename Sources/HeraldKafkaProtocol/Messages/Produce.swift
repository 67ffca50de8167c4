import NIOCore

/// Produce request (key 0), v3-8.
public struct ProduceRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.produce
    /// The transactional id; Herald rejects non-null ones.
    public var transactionalId: String?
    /// Required acknowledgements: 0 (no response), 1 or -1 (all).
    public var acks: Int16 = 1
    /// How long the broker may wait for acknowledgements.
    public var timeoutMs: Int32 = 0
    /// The data per topic.
    public var topics: [Topic] = []

    public init() {}

    /// Data for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The data per partition.
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topic_data.name")
            try c.array(&partitions, "topic_data.partition_data", version: version)
        }
    }

    /// Data for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var index: Int32 = 0
        /// The record batches, as sent (a slice of the request frame); parse with `RecordBatch.parseAll`.
        public var records: ByteBuffer?
        public init() {}
        public init(index: Int32, records: ByteBuffer?) { self.index = index; self.records = records }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&index, "partition_data.index")
            try c.nullableBytes(&records, "partition_data.records")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.nullableString(&transactionalId, "transactional_id")
        try c.int16(&acks, "acks")
        try c.int32(&timeoutMs, "timeout_ms")
        try c.array(&topics, "topic_data", version: version)
    }
}

public struct ProduceResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.produce
    /// The results per topic.
    public var topics: [Topic] = []
    public var throttleTimeMs: Int32 = 0

    public init() {}
    public init(topics: [Topic]) { self.topics = topics }

    /// Results for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The results per partition.
        public var partitions: [Partition] = []
        public init() {}
        public init(name: String, partitions: [Partition]) { self.name = name; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "responses.name")
            try c.array(&partitions, "responses.partition_responses", version: version)
        }
    }

    /// Result for one partition.
    public struct Partition: KafkaFieldGroup, Hashable {
        /// The partition index.
        public var index: Int32 = 0
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// The offset assigned to the first record.
        public var baseOffset: Int64 = -1
        /// The append time when the topic uses LogAppendTime, else -1.
        public var logAppendTimeMs: Int64 = -1
        /// The log start offset (v5+).
        public var logStartOffset: Int64 = -1
        /// Per-record errors (v8+).
        public var recordErrors: [RecordError] = []
        /// A summary message (v8+).
        public var errorMessage: String?
        public init() {}
        /// Makes a partition result.
        public init(index: Int32, errorCode: ErrorCode = .noError, baseOffset: Int64 = -1, logStartOffset: Int64 = -1,
                    recordErrors: [RecordError] = [], errorMessage: String? = nil) {
            self.index = index; self.errorCode = errorCode; self.baseOffset = baseOffset
            self.logStartOffset = logStartOffset; self.recordErrors = recordErrors; self.errorMessage = errorMessage
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&index, "partition_responses.index")
            try c.errorCode(&errorCode, "partition_responses.error_code")
            try c.int64(&baseOffset, "partition_responses.base_offset")
            if version >= 2 { try c.int64(&logAppendTimeMs, "partition_responses.log_append_time_ms") }
            if version >= 5 { try c.int64(&logStartOffset, "partition_responses.log_start_offset") }
            if version >= 8 {
                try c.array(&recordErrors, "partition_responses.record_errors", version: version)
                try c.nullableString(&errorMessage, "partition_responses.error_message")
            }
        }
    }

    /// The error of one record in a rejected batch (v8+).
    public struct RecordError: KafkaFieldGroup, Hashable {
        /// The record's index in its batch.
        public var batchIndex: Int32 = 0
        /// Why it was rejected.
        public var message: String?
        /// Makes a blank record error.
        public init() {}
        /// Makes a record error.
        public init(batchIndex: Int32, message: String?) { self.batchIndex = batchIndex; self.message = message }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&batchIndex, "record_errors.batch_index")
            try c.nullableString(&message, "record_errors.batch_index_error_message")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&topics, "responses", version: version)
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
    }
}
