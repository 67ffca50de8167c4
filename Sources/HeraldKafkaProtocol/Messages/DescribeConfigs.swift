/// DescribeConfigs request (key 32), v0-1.
public struct DescribeConfigsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    /// The resources to describe.
    public var resources: [Resource] = []
    /// Whether synonyms are wanted (v1+).
    public var includeSynonyms = false

    public init() {}

    public struct Resource: KafkaFieldGroup, Hashable {
        /// 2 topic, 4 broker.
        public var resourceType: Int8 = 0
        /// The topic name or broker id.
        public var resourceName = ""
        /// The keys wanted; nil means all.
        public var configurationKeys: [String]?
        public init() {}
        public init(resourceType: Int8, resourceName: String, configurationKeys: [String]? = nil) {
            self.resourceType = resourceType; self.resourceName = resourceName
            self.configurationKeys = configurationKeys
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int8(&resourceType, "resources.resource_type")
            try c.string(&resourceName, "resources.resource_name")
            try c.nullableStringArray(&configurationKeys, "resources.configuration_keys")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.array(&resources, "resources", version: version)
        if version >= 1 { try c.bool(&includeSynonyms, "include_synonyms") }
    }
}

public struct DescribeConfigsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.describeConfigs
    public var throttleTimeMs: Int32 = 0
    /// The result per resource.
    public var results: [Result] = []

    public init() {}
    public init(results: [Result]) { self.results = results }

    /// The configs of one resource.
    public struct Result: KafkaFieldGroup, Hashable {
        /// The error, if any.
        public var errorCode = ErrorCode.noError
        public var errorMessage: String?
        public var resourceType: Int8 = 0
        public var resourceName = ""
        public var configs: [Config] = []
        public init() {}
        public init(errorCode: ErrorCode = .noError, errorMessage: String? = nil, resourceType: Int8,
                    resourceName: String, configs: [Config]) {
            self.errorCode = errorCode; self.errorMessage = errorMessage; self.resourceType = resourceType
            self.resourceName = resourceName; self.configs = configs
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.errorCode(&errorCode, "results.error_code")
            try c.nullableString(&errorMessage, "results.error_message")
            try c.int8(&resourceType, "results.resource_type")
            try c.string(&resourceName, "results.resource_name")
            try c.array(&configs, "results.configs", version: version)
        }
    }

    /// One config entry.
    public struct Config: KafkaFieldGroup, Hashable {
        /// The config name.
        public var name = ""
        /// The value; null for sensitive entries.
        public var value: String?
        /// Whether it is read-only.
        public var readOnly = true
        /// Whether it holds the default (v0 only; v1 says so through `configSource`).
        public var isDefault = true
        /// Where the value comes from (v1+): 5 default, 1 topic config, …
        public var configSource: Int8 = 5
        /// Whether the value is sensitive.
        public var isSensitive = false
        /// Synonyms (v1+).
        public var synonyms: [Synonym] = []
        public init() {}
        public init(name: String, value: String?, readOnly: Bool = true, isDefault: Bool = true,
                    configSource: Int8 = 5, isSensitive: Bool = false) {
            self.name = name; self.value = value; self.readOnly = readOnly; self.isDefault = isDefault
            self.configSource = configSource; self.isSensitive = isSensitive
        }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "configs.name")
            try c.nullableString(&value, "configs.value")
            try c.bool(&readOnly, "configs.read_only")
            if version == 0 { try c.bool(&isDefault, "configs.is_default") }
            if version >= 1 { try c.int8(&configSource, "configs.config_source") }
            try c.bool(&isSensitive, "configs.is_sensitive")
            if version >= 1 { try c.array(&synonyms, "configs.synonyms", version: version) }
        }
    }

    /// One synonym of a config (v1+).
    public struct Synonym: KafkaFieldGroup, Hashable {
        /// The synonym name.
        public var name = ""
        /// The synonym value.
        public var value: String?
        /// Where the synonym comes from.
        public var source: Int8 = 0
        public init() {}
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.string(&name, "synonyms.name")
            try c.nullableString(&value, "synonyms.value")
            try c.int8(&source, "synonyms.source")
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.array(&results, "results", version: version)
    }
}
