/// DeleteTopics request (key 20), v0-3.
public struct DeleteTopicsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    /// The topics to delete.
    public var topicNames: [String] = []
    /// How long to wait for deletion.
    public var timeoutMs: Int32 = 0

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.stringArray(&topicNames, "topic_names")
        try c.int32(&timeoutMs, "timeout_ms")
    }
}

public struct DeleteTopicsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.deleteTopics
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The result per topic.
    public var responses: [Result] = []

    public init() {}
    public init(responses: [Result]) { self.responses = responses }

    /// The result for one topic.
    public struct Result: KafkaFieldGroup, Hashable {
        /// The topic name.
        public var name = ""
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        public init() {}
        public init(name: String, errorCode: ErrorCode = .noError) { self.name = name; self.errorCode = errorCode }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "responses.name")
            try c.errorCode(&errorCode, "responses.error_code")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.array(&responses, "responses", version: version)
    }
}
