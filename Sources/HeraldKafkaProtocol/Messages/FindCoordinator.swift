/// FindCoordinator request (key 10), v0-2.
public struct FindCoordinatorRequest: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    /// The group id (or transactional id).
    public var key = ""
    /// 0 group, 1 transaction (v1+).
    public var keyType: Int8 = 0

    public init() {}
    public init(key: String, keyType: Int8 = 0) { self.key = key; self.keyType = keyType }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&key, "key")
        if version >= 1 { try c.int8(&keyType, "key_type") }
    }
}

public struct FindCoordinatorResponse: KafkaMessage, Hashable {
    public static let apiKey = ApiKey.findCoordinator
    /// Throttle time (v1+).
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// A message for the error (v1+).
    public var errorMessage: String?
    /// The coordinator's node id.
    public var nodeId: Int32 = -1
    /// The coordinator's host.
    public var host = ""
    /// The coordinator's port.
    public var port: Int32 = -1

    public init() {}
    public init(errorCode: ErrorCode = .noError, errorMessage: String? = nil, nodeId: Int32, host: String, port: Int32) {
        self.errorCode = errorCode; self.errorMessage = errorMessage
        self.nodeId = nodeId; self.host = host; self.port = port
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        if version >= 1 { try c.int32(&throttleTimeMs, "throttle_time_ms") }
        try c.errorCode(&errorCode)
        if version >= 1 { try c.nullableString(&errorMessage, "error_message") }
        try c.int32(&nodeId, "node_id")
        try c.string(&host, "host")
        try c.int32(&port, "port")
    }
}
