/// AlterConfigs request (key 33), v0-1 (one layout): replaces a resource's whole set of dynamic configs.
public struct AlterConfigsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.alterConfigs
    /// The resources.
    public var resources: [Resource] = []
    /// Check only.
    public var validateOnly = false

    /// Makes an empty request.
    public init() {}

    /// One resource and its configs.
    public struct Resource: KafkaFieldGroup, Hashable {
        /// 2 topic, 4 broker.
        public var resourceType: Int8 = 0
        /// The resource name.
        public var resourceName = ""
        /// The configs.
        public var configs: [Config] = []
        /// Makes a blank resource.
        public init() {}
        /// Makes a resource.
        public init(resourceType: Int8, resourceName: String, configs: [Config]) {
            self.resourceType = resourceType; self.resourceName = resourceName; self.configs = configs
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int8(&resourceType, "resources.resource_type")
            try c.string(&resourceName, "resources.resource_name")
            try c.array(&configs, "resources.configs", version: version)
        }
    }

    /// One config value.
    public struct Config: KafkaFieldGroup, Hashable {
        /// The name.
        public var name = ""
        /// The value; null resets it.
        public var value: String?
        /// Makes a blank config.
        public init() {}
        /// Makes a config.
        public init(name: String, value: String?) { self.name = name; self.value = value }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "configs.name")
            try c.nullableString(&value, "configs.value")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&resources, "resources", version: version)
        try c.bool(&validateOnly, "validate_only")
    }
}

/// The answer for one resource of AlterConfigs or IncrementalAlterConfigs.
public struct AlterConfigsResourceResult: KafkaFieldGroup, Hashable {
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// A message for the error.
    public var errorMessage: String?
    /// The resource type.
    public var resourceType: Int8 = 0
    /// The resource name.
    public var resourceName = ""
    /// Makes a blank result.
    public init() {}
    /// Makes a result.
    public init(errorCode: ErrorCode = .noError, errorMessage: String? = nil, resourceType: Int8, resourceName: String) {
        self.errorCode = errorCode; self.errorMessage = errorMessage
        self.resourceType = resourceType; self.resourceName = resourceName
    }
    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.errorCode(&errorCode, "responses.error_code")
        try c.nullableString(&errorMessage, "responses.error_message")
        try c.int8(&resourceType, "responses.resource_type")
        try c.string(&resourceName, "responses.resource_name")
    }
}

/// AlterConfigs response.
public struct AlterConfigsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.alterConfigs
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// One result per resource.
    public var responses: [AlterConfigsResourceResult] = []

    /// Makes an empty response.
    public init() {}
    /// Makes a response.
    public init(responses: [AlterConfigsResourceResult]) { self.responses = responses }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&responses, "responses", version: version)
    }
}
