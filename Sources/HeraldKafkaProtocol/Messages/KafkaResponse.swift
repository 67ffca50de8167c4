import NIOCore

/// A response body of one of the APIs Herald implements.
public enum KafkaResponse: Sendable, Hashable {
    case produce(ProduceResponse)
    case fetch(FetchResponse)
    case listOffsets(ListOffsetsResponse)
    case metadata(MetadataResponse)
    case offsetCommit(OffsetCommitResponse)
    case offsetFetch(OffsetFetchResponse)
    case findCoordinator(FindCoordinatorResponse)
    case joinGroup(JoinGroupResponse)
    case heartbeat(HeartbeatResponse)
    case describeGroups(DescribeGroupsResponse)
    case listGroups(ListGroupsResponse)
    case leaveGroup(LeaveGroupResponse)
    case syncGroup(SyncGroupResponse)
    case apiVersions(ApiVersionsResponse)
    case createTopics(CreateTopicsResponse)
    case deleteTopics(DeleteTopicsResponse)
    case initProducerId(InitProducerIdResponse)
    case describeConfigs(DescribeConfigsResponse)

    /// The API of this response.
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

    /// Encodes the response header and body (no size prefix) for a request of `version`.
    /// ApiVersions outside its range is written with header v0 and the v0 body layout, as clients expect for
    /// UNSUPPORTED_VERSION; any other API outside its range throws.
    public func encode(correlationId: Int32, version: Int16, into buffer: inout ByteBuffer) throws {
        var bodyVersion = version
        if !apiKey.supportedVersions.contains(version) {
            guard apiKey == .apiVersions else {
                throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey, version: version)
            }
            bodyVersion = 0
        }
        let start = buffer.writerIndex
        KafkaResponseHeader(correlationId: correlationId)
            .encode(headerVersion: apiKey.responseHeaderVersion(version: bodyVersion), into: &buffer)
        do {
            try message.encode(version: bodyVersion, into: &buffer)
        } catch {
            buffer.moveWriterIndex(to: start)
            throw error
        }
    }

    /// Encodes the response as a whole frame, 4-byte size prefix included, in one buffer: a channel can write it
    /// directly instead of going through `KafkaFrameEncoder` (one copy fewer for large Fetch responses).
    public func encodeFrame(correlationId: Int32, version: Int16, into buffer: inout ByteBuffer) throws {
        let sizeIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        do {
            try encode(correlationId: correlationId, version: version, into: &buffer)
        } catch {
            buffer.moveWriterIndex(to: sizeIndex)
            throw error
        }
        let size = buffer.writerIndex - sizeIndex - 4
        guard size <= Int(Int32.max) else {
            buffer.moveWriterIndex(to: sizeIndex)
            throw KafkaProtocolError.frameTooLarge(size: size, maximum: Int(Int32.max))
        }
        buffer.setInteger(Int32(size), at: sizeIndex)
    }

    /// Decodes a response header and body of `apiKey` at `version`; the client side, used by tests and tools.
    public static func decode(apiKey: ApiKey, version: Int16, from buffer: inout ByteBuffer) throws
        -> (header: KafkaResponseHeader, response: KafkaResponse)
    {
        let header = try KafkaResponseHeader.decode(headerVersion: apiKey.responseHeaderVersion(version: version),
                                                    from: &buffer)
        return (header, try decodeBody(apiKey: apiKey, version: version, body: &buffer))
    }

    /// Decodes a body of `apiKey` at `version`.
    static func decodeBody(apiKey: ApiKey, version: Int16, body: inout ByteBuffer) throws -> KafkaResponse {
        switch apiKey {
        case .produce: return .produce(try ProduceResponse(decoding: &body, version: version))
        case .fetch: return .fetch(try FetchResponse(decoding: &body, version: version))
        case .listOffsets: return .listOffsets(try ListOffsetsResponse(decoding: &body, version: version))
        case .metadata: return .metadata(try MetadataResponse(decoding: &body, version: version))
        case .offsetCommit: return .offsetCommit(try OffsetCommitResponse(decoding: &body, version: version))
        case .offsetFetch: return .offsetFetch(try OffsetFetchResponse(decoding: &body, version: version))
        case .findCoordinator: return .findCoordinator(try FindCoordinatorResponse(decoding: &body, version: version))
        case .joinGroup: return .joinGroup(try JoinGroupResponse(decoding: &body, version: version))
        case .heartbeat: return .heartbeat(try HeartbeatResponse(decoding: &body, version: version))
        case .describeGroups: return .describeGroups(try DescribeGroupsResponse(decoding: &body, version: version))
        case .listGroups: return .listGroups(try ListGroupsResponse(decoding: &body, version: version))
        case .leaveGroup: return .leaveGroup(try LeaveGroupResponse(decoding: &body, version: version))
        case .syncGroup: return .syncGroup(try SyncGroupResponse(decoding: &body, version: version))
        case .apiVersions: return .apiVersions(try ApiVersionsResponse(decoding: &body, version: version))
        case .createTopics: return .createTopics(try CreateTopicsResponse(decoding: &body, version: version))
        case .deleteTopics: return .deleteTopics(try DeleteTopicsResponse(decoding: &body, version: version))
        case .initProducerId: return .initProducerId(try InitProducerIdResponse(decoding: &body, version: version))
        case .describeConfigs: return .describeConfigs(try DescribeConfigsResponse(decoding: &body, version: version))
        }
    }
}
