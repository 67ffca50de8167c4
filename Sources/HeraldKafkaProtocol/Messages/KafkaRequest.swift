import NIOCore

/// A decoded request body of one of the APIs Herald implements.
public enum KafkaRequest: Sendable, Hashable {
    case produce(ProduceRequest)
    case fetch(FetchRequest)
    case listOffsets(ListOffsetsRequest)
    case metadata(MetadataRequest)
    case offsetCommit(OffsetCommitRequest)
    case offsetFetch(OffsetFetchRequest)
    case findCoordinator(FindCoordinatorRequest)
    case joinGroup(JoinGroupRequest)
    case heartbeat(HeartbeatRequest)
    case describeGroups(DescribeGroupsRequest)
    case listGroups(ListGroupsRequest)
    case leaveGroup(LeaveGroupRequest)
    case syncGroup(SyncGroupRequest)
    case apiVersions(ApiVersionsRequest)
    case createTopics(CreateTopicsRequest)
    case deleteTopics(DeleteTopicsRequest)
    case initProducerId(InitProducerIdRequest)
    case describeConfigs(DescribeConfigsRequest)

    /// The API of this request.
    public var apiKey: ApiKey {
        switch self {
        case .produce: return .produce
        case .fetch: return .fetch
        case .listOffsets: return .listOffsets
        case .metadata: return .metadata
        case .offsetCommit: return .offsetCommit
        case .offsetFetch: return .offsetFetch
        case .findCoordinator: return .findCoordinator
        case .joinGroup: return .joinGroup
        case .heartbeat: return .heartbeat
        case .describeGroups: return .describeGroups
        case .listGroups: return .listGroups
        case .leaveGroup: return .leaveGroup
        case .syncGroup: return .syncGroup
        case .apiVersions: return .apiVersions
        case .createTopics: return .createTopics
        case .deleteTopics: return .deleteTopics
        case .initProducerId: return .initProducerId
        case .describeConfigs: return .describeConfigs
        }
    }

    /// The body as a message value, for generic encoding.
    public var message: any KafkaMessage {
        switch self {
        case .produce(let body): return body
        case .fetch(let body): return body
        case .listOffsets(let body): return body
        case .metadata(let body): return body
        case .offsetCommit(let body): return body
        case .offsetFetch(let body): return body
        case .findCoordinator(let body): return body
        case .joinGroup(let body): return body
        case .heartbeat(let body): return body
        case .describeGroups(let body): return body
        case .listGroups(let body): return body
        case .leaveGroup(let body): return body
        case .syncGroup(let body): return body
        case .apiVersions(let body): return body
        case .createTopics(let body): return body
        case .deleteTopics(let body): return body
        case .initProducerId(let body): return body
        case .describeConfigs(let body): return body
        }
    }

    /// Decodes the body that follows `header`. An unknown api key or a version outside the advertised range
    /// throws (the broker closes the connection), except ApiVersions above its range: that decodes to an empty
    /// request so the broker can answer UNSUPPORTED_VERSION in the v0 layout.
    public static func decode(header: KafkaRequestHeader, body: inout ByteBuffer) throws -> KafkaRequest {
        guard let apiKey = header.apiKey else { throw KafkaProtocolError.unsupportedApiKey(header.apiKeyValue) }
        let version = header.apiVersion
        if apiKey == .apiVersions && version > apiKey.supportedVersions.upperBound {
            return .apiVersions(ApiVersionsRequest())
        }
        guard apiKey.supportedVersions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey, version: version)
        }
        return try decodeBody(apiKey: apiKey, version: version, body: &body)
    }

    /// Decodes a body of `apiKey` at `version` without checking the advertised range.
    static func decodeBody(apiKey: ApiKey, version: Int16, body: inout ByteBuffer) throws -> KafkaRequest {
        switch apiKey {
        case .produce: return .produce(try ProduceRequest(decoding: &body, version: version))
        case .fetch: return .fetch(try FetchRequest(decoding: &body, version: version))
        case .listOffsets: return .listOffsets(try ListOffsetsRequest(decoding: &body, version: version))
        case .metadata: return .metadata(try MetadataRequest(decoding: &body, version: version))
        case .offsetCommit: return .offsetCommit(try OffsetCommitRequest(decoding: &body, version: version))
        case .offsetFetch: return .offsetFetch(try OffsetFetchRequest(decoding: &body, version: version))
        case .findCoordinator: return .findCoordinator(try FindCoordinatorRequest(decoding: &body, version: version))
        case .joinGroup: return .joinGroup(try JoinGroupRequest(decoding: &body, version: version))
        case .heartbeat: return .heartbeat(try HeartbeatRequest(decoding: &body, version: version))
        case .describeGroups: return .describeGroups(try DescribeGroupsRequest(decoding: &body, version: version))
        case .listGroups: return .listGroups(try ListGroupsRequest(decoding: &body, version: version))
        case .leaveGroup: return .leaveGroup(try LeaveGroupRequest(decoding: &body, version: version))
        case .syncGroup: return .syncGroup(try SyncGroupRequest(decoding: &body, version: version))
        case .apiVersions: return .apiVersions(try ApiVersionsRequest(decoding: &body, version: version))
        case .createTopics: return .createTopics(try CreateTopicsRequest(decoding: &body, version: version))
        case .deleteTopics: return .deleteTopics(try DeleteTopicsRequest(decoding: &body, version: version))
        case .initProducerId: return .initProducerId(try InitProducerIdRequest(decoding: &body, version: version))
        case .describeConfigs: return .describeConfigs(try DescribeConfigsRequest(decoding: &body, version: version))
        }
    }

    /// Encodes the body (no header) at `version`; the client side of the codec, used by tests and tools.
    public func encode(version: Int16, into buffer: inout ByteBuffer) throws {
        try message.encode(version: version, into: &buffer)
    }
}

/// A request frame split into its header and decoded body.
public struct KafkaRequestFrame: Sendable, Hashable {
    public var header: KafkaRequestHeader
    /// The decoded body.
    public var request: KafkaRequest

    /// Makes a frame value.
    public init(header: KafkaRequestHeader, request: KafkaRequest) {
        self.header = header
        self.request = request
    }

    /// Decodes a whole frame (without its size prefix), as `KafkaFrameDecoder` emits it.
    public static func decode(_ frame: ByteBuffer) throws -> KafkaRequestFrame {
        var bytes = frame
        let header = try KafkaRequestHeader.decode(from: &bytes)
        let request = try KafkaRequest.decode(header: header, body: &bytes)
        return KafkaRequestFrame(header: header, request: request)
    }

    /// Encodes header and body (without a size prefix); the client side, used by tests and tools.
    public func encode(into buffer: inout ByteBuffer) throws {
        try header.encode(into: &buffer)
        try request.encode(version: header.apiVersion, into: &buffer)
    }
}
