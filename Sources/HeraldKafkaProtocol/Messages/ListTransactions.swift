/// ListTransactions request (key 66), v0 (flexible).
public struct ListTransactionsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.listTransactions
    /// Only transactions in these states (Kafka's names, e.g. `Ongoing`); empty for all.
    public var stateFilters: [String] = []
    /// Only transactions of these producer ids; empty for all.
    public var producerIdFilters: [Int64] = []

    /// Makes an empty request.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.stringArray(&stateFilters, "state_filters")
        try c.int64Array(&producerIdFilters, "producer_id_filters")
        try c.taggedFieldsIfFlexible()
    }
}

/// ListTransactions response.
public struct ListTransactionsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.listTransactions
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// State filters the broker does not know.
    public var unknownStateFilters: [String] = []
    /// The transactions.
    public var transactionStates: [State] = []

    /// Makes an empty response.
    public init() {}

    /// One transactional id.
    public struct State: KafkaFieldGroup, Hashable {
        /// The transactional id.
        public var transactionalId = ""
        /// Its producer id.
        public var producerId: Int64 = -1
        /// Its state, by Kafka's name.
        public var transactionState = ""
        /// Makes a blank entry.
        public init() {}
        /// Makes an entry.
        public init(transactionalId: String, producerId: Int64, transactionState: String) {
            self.transactionalId = transactionalId; self.producerId = producerId; self.transactionState = transactionState
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&transactionalId, "transaction_states.transactional_id")
            try c.int64(&producerId, "transaction_states.producer_id")
            try c.string(&transactionState, "transaction_states.transaction_state")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.errorCode(&errorCode)
        try c.stringArray(&unknownStateFilters, "unknown_state_filters")
        try c.array(&transactionStates, "transaction_states", version: version)
        try c.taggedFieldsIfFlexible()
    }
}
