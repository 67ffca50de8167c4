import NIOCore

/// ApiVersions request (key 18): empty before v3, then the client's software name and version.
public struct ApiVersionsRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    /// The client library's name (v3+).
    public var clientSoftwareName = ""
    /// The client library's version (v3+).
    public var clientSoftwareVersion = ""

    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        guard version >= 3 else { return }
        try c.string(&clientSoftwareName, "client_software_name")
        try c.string(&clientSoftwareVersion, "client_software_version")
        try c.taggedFields("tagged fields")
    }
}

/// One advertised (api key, min, max) entry.
public struct ApiVersionRange: KafkaFieldGroup, Hashable {
    public var apiKey: Int16 = 0
    /// The lowest supported version.
    public var minVersion: Int16 = 0
    /// The highest supported version.
    public var maxVersion: Int16 = 0

    public init() {}
    public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
        self.apiKey = apiKey
        self.minVersion = minVersion
        self.maxVersion = maxVersion
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int16(&apiKey, "api_key")
        try c.int16(&minVersion, "min_version")
        try c.int16(&maxVersion, "max_version")
        try c.taggedFieldsIfFlexible()
    }
}

/// ApiVersions response. v3 writes no feature tags at all (see docs/kafka-protocol.md).
public struct ApiVersionsResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    /// The top-level error.
    public var errorCode = ErrorCode.noError
    /// The supported versions per API.
    public var apiKeys: [ApiVersionRange] = []
    /// Throttle time (v1+), always 0 from Herald.
    public var throttleTimeMs: Int32 = 0

    public init() {}
    public init(errorCode: ErrorCode = .noError, apiKeys: [ApiVersionRange], throttleTimeMs: Int32 = 0) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
    }

    /// The successful answer listing Herald's advertised table.
    public static var advertised: ApiVersionsResponse { ApiVersionsResponse(apiKeys: ApiKey.advertised) }

    /// The answer to a version above 3: UNSUPPORTED_VERSION with the ApiVersions range, meant to be encoded at v0
    /// (clients decode any failed ApiVersions response in the v0 layout and retry at a version listed).
    public static var unsupportedVersion: ApiVersionsResponse {
        let own = ApiKey.apiVersions.supportedVersions
        return ApiVersionsResponse(errorCode: .unsupportedVersion,
                                   apiKeys: [ApiVersionRange(apiKey: ApiKey.apiVersions.rawValue,
                                                             minVersion: own.lowerBound, maxVersion: own.upperBound)])
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.errorCode(&errorCode)
        try c.array(&apiKeys, "api_keys", version: version)
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.taggedFieldsIfFlexible()
    }
}
