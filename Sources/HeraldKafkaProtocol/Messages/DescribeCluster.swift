/// DescribeCluster request (key 60), v0-1 (flexible).
public struct DescribeClusterRequest: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeCluster
    /// Whether to report the cluster's authorized operations.
    public var includeClusterAuthorizedOperations = false
    /// Which endpoints to list (v1+): 1 brokers, 2 controllers.
    public var endpointType: Int8 = 1

    /// Makes an empty request.
    public init() {}

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.bool(&includeClusterAuthorizedOperations, "include_cluster_authorized_operations")
        if version >= 1 { try c.int8(&endpointType, "endpoint_type") }
        try c.taggedFieldsIfFlexible()
    }
}

/// DescribeCluster response.
public struct DescribeClusterResponse: KafkaMessage, Hashable {
    /// The API this body belongs to.
    public static let apiKey = ApiKey.describeCluster
    /// Throttle time.
    public var throttleTimeMs: Int32 = 0
    /// The error, if any.
    public var errorCode = ErrorCode.noError
    /// A message for the error.
    public var errorMessage: String?
    /// The endpoints listed (v1+): 1 brokers, 2 controllers.
    public var endpointType: Int8 = 1
    /// The cluster id.
    public var clusterId = ""
    /// The controller's node id.
    public var controllerId: Int32 = -1
    /// The brokers.
    public var brokers: [Broker] = []
    /// The authorized operations bit set; -2147483648 when not asked for.
    public var clusterAuthorizedOperations: Int32 = Int32.min

    /// Makes an empty response.
    public init() {}

    /// One broker.
    public struct Broker: KafkaFieldGroup, Hashable {
        /// The node id.
        public var brokerId: Int32 = 0
        /// The host.
        public var host = ""
        /// The port.
        public var port: Int32 = 0
        /// The rack.
        public var rack: String?
        /// Makes a blank broker.
        public init() {}
        /// Makes a broker.
        public init(brokerId: Int32, host: String, port: Int32) { self.brokerId = brokerId; self.host = host; self.port = port }
        /// Codes the fields for `version`.
        public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
            try c.int32(&brokerId, "brokers.broker_id")
            try c.string(&host, "brokers.host")
            try c.int32(&port, "brokers.port")
            try c.nullableString(&rack, "brokers.rack")
            try c.taggedFieldsIfFlexible()
        }
    }

    /// Codes the fields for `version`.
    public mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.int32(&throttleTimeMs, "throttle_time_ms")
        try c.errorCode(&errorCode)
        try c.nullableString(&errorMessage, "error_message")
        if version >= 1 { try c.int8(&endpointType, "endpoint_type") }
        try c.string(&clusterId, "cluster_id")
        try c.int32(&controllerId, "controller_id")
        try c.array(&brokers, "brokers", version: version)
        try c.int32(&clusterAuthorizedOperations, "cluster_authorized_operations")
        try c.taggedFieldsIfFlexible()
    }
}
