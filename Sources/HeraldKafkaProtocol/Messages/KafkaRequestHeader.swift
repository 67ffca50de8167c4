import NIOCore

/// A request header, v1 or v2 (v2 adds a tag section; client_id stays an int16-length string in both).
public struct KafkaRequestHeader: Hashable, Sendable {
    /// The raw api key; `apiKey` is nil when Herald does not implement it.
    public var apiKeyValue: Int16
    /// The requested version of the API.
    public var apiVersion: Int16
    /// The id the response must echo.
    public var correlationId: Int32
    /// The client's self-chosen id.
    public var clientId: String?

    public init(apiKey: ApiKey, apiVersion: Int16, correlationId: Int32, clientId: String?) {
        self.init(apiKeyValue: apiKey.rawValue, apiVersion: apiVersion, correlationId: correlationId, clientId: clientId)
    }

    /// Makes a header from a raw api key.
    public init(apiKeyValue: Int16, apiVersion: Int16, correlationId: Int32, clientId: String?) {
        self.apiKeyValue = apiKeyValue
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }

    /// The api key, when Herald implements it.
    public var apiKey: ApiKey? { ApiKey(rawValue: apiKeyValue) }

    /// Whether this header is v2 (a flexible request): known keys only, since unknown ones are never answered.
    public var isFlexible: Bool { apiKey?.isFlexible(version: apiVersion) ?? false }

    /// Reads a header from the start of a request frame.
    public static func decode(from buffer: inout ByteBuffer) throws -> KafkaRequestHeader {
        let key: Int16 = try buffer.readKafkaInteger("request_api_key")
        let version: Int16 = try buffer.readKafkaInteger("request_api_version")
        let correlation: Int32 = try buffer.readKafkaInteger("correlation_id")
        let client = try buffer.readKafkaNullableString("client_id")
        let header = KafkaRequestHeader(apiKeyValue: key, apiVersion: version, correlationId: correlation,
                                        clientId: client)
        if header.isFlexible { try buffer.skipKafkaTaggedFields("request header tagged fields") }
        return header
    }

    /// Writes this header (v2 when the request is flexible, else v1).
    public func encode(into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(apiKeyValue)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationId)
        try buffer.writeKafkaNullableString(clientId, "client_id")
        if isFlexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}

/// A response header: v0 is the correlation id alone, v1 adds an (always empty) tag section.
public struct KafkaResponseHeader: Hashable, Sendable {
    /// The id of the request answered.
    public var correlationId: Int32

    public init(correlationId: Int32) { self.correlationId = correlationId }

    /// Writes the header in `headerVersion` (0 or 1).
    public func encode(headerVersion: Int16, into buffer: inout ByteBuffer) {
        buffer.writeInteger(correlationId)
        if headerVersion >= 1 { buffer.writeEmptyKafkaTaggedFields() }
    }

    /// Reads a header in `headerVersion` (0 or 1).
    public static func decode(headerVersion: Int16, from buffer: inout ByteBuffer) throws -> KafkaResponseHeader {
        let correlation: Int32 = try buffer.readKafkaInteger("correlation_id")
        if headerVersion >= 1 { try buffer.skipKafkaTaggedFields("response header tagged fields") }
        return KafkaResponseHeader(correlationId: correlation)
    }
}
