/// DescribeTransactions request (key 65), v0 (flexible).
public struct DescribeTransactionsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeTransactions
    /// The transactional ids.
    public var transactionalIds: [String] = []

    /// Makes an empty request.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.stringArray(&transactionalIds, "transactional_ids")
        try c.taggedFieldsIfFlexible()
    }
}

/// DescribeTransactions response.
public struct DescribeTransactionsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeTransactions
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// One entry per transactional id asked for.
    public var transactionStates: [State] = []

    /// Makes an empty response.
    public init() {}

    /// One transactional id.
    public struct State: KafkaFieldGroup, Hashable {
        /// The error, if any (TRANSACTIONAL_ID_NOT_FOUND for an unknown id).
        public var errorCode = ErrorCode.noError
        /// The transactional id.
        public var transactionalId = ""
        /// The state, by Kafka's name.
        public var transactionState = ""
        /// The transaction timeout.
        public var transactionTimeoutMs: Int32 = 0
        /// When the open transaction started; -1 when none is open.
        public var transactionStartTimeMs: Int64 = -1
        /// The producer id.
        public var producerId: Int64 = -1
        /// The producer epoch.
        public var producerEpoch: Int16 = -1
        /// The partitions of the open transaction.
        public var topics: [Topic] = []
        /// Makes a blank entry.
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.errorCode(&errorCode, "transaction_states.error_code")
            try c.string(&transactionalId, "transaction_states.transactional_id")
            try c.string(&transactionState, "transaction_states.transaction_state")
            try c.int32(&transactionTimeoutMs, "transaction_states.transaction_timeout_ms")
            try c.int64(&transactionStartTimeMs, "transaction_states.transaction_start_time_ms")
            try c.int64(&producerId, "transaction_states.producer_id")
            try c.int16(&producerEpoch, "transaction_states.producer_epoch")
            try c.array(&topics, "transaction_states.topics", version: version)
            try c.taggedFieldsIfFlexible()
        }
    }

    /// The partitions of one topic in a transaction.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic.
        public var topic = ""
        /// The partitions.
        public var partitions: [Int32] = []
        /// Makes a blank entry.
        public init() {}
        /// Makes an entry.
        public init(topic: String, partitions: [Int32]) { self.topic = topic; self.partitions = partitions }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&topic, "topics.topic")
            try c.int32Array(&partitions, "topics.partitions")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&transactionStates, "transaction_states", version: version)
        try c.taggedFieldsIfFlexible()
    }
}
