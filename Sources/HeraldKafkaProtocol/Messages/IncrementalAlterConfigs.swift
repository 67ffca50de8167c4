/// IncrementalAlterConfigs request (key 44), v0: changes named configs of a resource one by one.
public struct IncrementalAlterConfigsRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.incrementalAlterConfigs
    /// The resources.
    public var resources: [Resource] = []
    /// Check only.
    public var validateOnly = false

    /// Makes an empty request.
    public init() {}

    /// One resource and its changes.
    public struct Resource: KafkaFieldGroup, Hashable {
        /// 2 topic, 4 broker.
        public var resourceType: Int8 = 0
        /// The resource name.
        public var resourceName = ""
        /// The changes.
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

    /// One change: operation 0 set, 1 delete (back to the default), 2 append, 3 subtract (list configs).
    public struct Config: KafkaFieldGroup, Hashable {
        /// The name.
        public var name = ""
        /// The operation.
        public var configOperation: Int8 = 0
        /// The value.
        public var value: String?
        /// Makes a blank change.
        public init() {}
        /// Makes a change.
        public init(name: String, configOperation: Int8, value: String?) {
            self.name = name; self.configOperation = configOperation; self.value = value
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "configs.name")
            try c.int8(&configOperation, "configs.config_operation")
            try c.nullableString(&value, "configs.value")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&resources, "resources", version: version)
        try c.bool(&validateOnly, "validate_only")
    }
}

/// IncrementalAlterConfigs response.
public struct IncrementalAlterConfigsResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.incrementalAlterConfigs
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
