/// CreatePartitions request (key 37), v0-1 (one layout).
public struct CreatePartitionsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.createPartitions
    /// The topics to grow.
    public var topics: [Topic] = []
    /// The time to wait for completion.
    public var timeoutMs: Int32 = 0
    /// Check only.
    public var validateOnly = false

    /// Makes an empty request.
    public init() {}

    /// One topic's new partition count.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partition count wanted.
        public var count: Int32 = 0
        /// Replica assignments of the new partitions, one broker-id list each; null to let the broker choose.
        public var assignments: [Assignment]?
        /// Makes a blank topic.
        public init() {}
        /// Makes a topic.
        public init(name: String, count: Int32, assignments: [Assignment]? = nil) {
            self.name = name; self.count = count; self.assignments = assignments
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.int32(&count, "topics.count")
            try c.nullableArray(&assignments, "topics.assignments", version: version)
        }
    }

    /// The replicas of one new partition.
    public struct Assignment: KafkaFieldGroup, Hashable {
        /// The broker ids.
        public var brokerIds: [Int32] = []
        /// Makes a blank assignment.
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32Array(&brokerIds, "assignments.broker_ids")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&topics, "topics", version: version)
        try c.int32(&timeoutMs, "timeout_ms")
        try c.bool(&validateOnly, "validate_only")
    }
}

/// CreatePartitions response.
public struct CreatePartitionsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.createPartitions
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// One result per topic.
    public var results: [Result] = []

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(results: [Result]) { self.results = results }

    /// The result for one topic.
    public struct Result: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// A message for the error.
        public var errorMessage: String?
        /// Makes a blank result.
        public init() {}
        /// Makes a result.
        public init(name: String, errorCode: ErrorCode = .noError, errorMessage: String? = nil) {
            self.name = name; self.errorCode = errorCode; self.errorMessage = errorMessage
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "results.name")
            try c.errorCode(&errorCode, "results.error_code")
            try c.nullableString(&errorMessage, "results.error_message")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&results, "results", version: version)
    }
}
