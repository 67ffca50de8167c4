/// CreateTopics request (key 19), v0-4.
public struct CreateTopicsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    /// The topics to create.
    public var topics: [Topic] = []
    /// How long to wait for creation.
    public var timeoutMs: Int32 = 0
    /// Only validate, do not create (v1+).
    public var validateOnly = false

    public init() {}

    /// One topic to create.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The partition count, -1 for the broker default (v4+).
        public var numPartitions: Int32 = -1
        /// The replication factor, -1 for the default.
        public var replicationFactor: Int16 = -1
        /// Manual replica assignments.
        public var assignments: [Assignment] = []
        /// Topic configs.
        public var configs: [Config] = []
        public init() {}
        public init(name: String, numPartitions: Int32, replicationFactor: Int16) {
            self.name = name; self.numPartitions = numPartitions; self.replicationFactor = replicationFactor
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.int32(&numPartitions, "topics.num_partitions")
            try c.int16(&replicationFactor, "topics.replication_factor")
            try c.array(&assignments, "topics.assignments", version: version)
            try c.array(&configs, "topics.configs", version: version)
        }
    }

    /// A manual assignment of one partition.
    public struct Assignment: KafkaFieldGroup, Hashable {
        public var partitionIndex: Int32 = 0
        /// The brokers holding replicas.
        public var brokerIds: [Int32] = []
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&partitionIndex, "assignments.partition_index")
            try c.int32Array(&brokerIds, "assignments.broker_ids")
        }
    }

    /// One topic config entry.
    public struct Config: KafkaFieldGroup, Hashable {
        /// The config name.
        public var name = ""
        /// The config value.
        public var value: String?
        public init() {}
        public init(name: String, value: String?) { self.name = name; self.value = value }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "configs.name")
            try c.nullableString(&value, "configs.value")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&topics, "topics", version: version)
        try c.int32(&timeoutMs, "timeout_ms")
        if version >= 1 { try c.bool(&validateOnly, "validate_only") }
    }
}

public struct CreateTopicsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    /// Throttle time (v2+).
    public var throttleTimeMs: Int32 = 0
    /// The result per topic.
    public var topics: [Topic] = []

    public init() {}
    public init(topics: [Topic]) { self.topics = topics }

    /// The result for one topic.
    public struct Topic: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        /// A message for the error (v1+).
        public var errorMessage: String?
        public init() {}
        public init(name: String, errorCode: ErrorCode = .noError, errorMessage: String? = nil) {
            self.name = name; self.errorCode = errorCode; self.errorMessage = errorMessage
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "topics.name")
            try c.errorCode(&errorCode, "topics.error_code")
            if version >= 1 { try c.nullableString(&errorMessage, "topics.error_message") }
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 2 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&topics, "topics", version: version)
    }
}
