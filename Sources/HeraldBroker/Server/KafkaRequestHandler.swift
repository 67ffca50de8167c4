import Foundation
import HeraldKafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Answers decoded Kafka requests against a `BrokerState`; the connection handler only frames and orders.
public struct KafkaRequestHandler: Sendable {
    /// The broker's node id in Metadata and FindCoordinator.
    public static let nodeId: Int32 = 1
    /// The cluster id Metadata reports.
    public static let clusterId = "herald-local"

    /// The broker's topics, groups and offsets.
    public let state: BrokerState
    /// Checks produced records before they are appended.
    public let validator: any ProduceValidator
    let logger: Logger

    /// A handler over `state`; `validator` checks produced records before they are appended.
    public init(state: BrokerState, validator: any ProduceValidator = AcceptAllRecords(), logger: Logger) {
        self.state = state
        self.validator = validator
        self.logger = logger
    }

    /// Answers one request; nil means no response (Produce with acks=0). Parked calls complete later.
    public func handle(_ frame: KafkaRequestFrame, listener: ListenerAddress, on eventLoop: any EventLoop) -> EventLoopFuture<KafkaResponse?> {
        let version = frame.header.apiVersion
        switch frame.request {
        case .apiVersions:
            let response = version > ApiKey.apiVersions.supportedVersions.upperBound
                ? ApiVersionsResponse.unsupportedVersion : ApiVersionsResponse.advertised
            return eventLoop.makeSucceededFuture(.apiVersions(response))
        case .metadata(let request):
            return eventLoop.makeSucceededFuture(.metadata(metadata(request, listener: listener)))
        case .produce(let request):
            let response = produce(request, version: version)
            let delay = state.configuration.testProduceAckDelayMs
            guard delay > 0, request.acks != 0 else {
                return eventLoop.makeSucceededFuture(request.acks == 0 ? nil : .produce(response))
            }
            return eventLoop.scheduleTask(in: .milliseconds(delay)) { .produce(response) }.futureResult
        case .fetch(let request):
            return fetch(request, on: eventLoop).map { .fetch($0) }
        case .listOffsets(let request):
            return eventLoop.makeSucceededFuture(.listOffsets(listOffsets(request)))
        case .findCoordinator(let request):
            // This node coordinates every group (key type 0) and every transactional id (key type 1).
            let response = request.keyType == 0 || request.keyType == 1
                ? FindCoordinatorResponse(nodeId: Self.nodeId, host: listener.host, port: listener.port)
                : FindCoordinatorResponse(errorCode: .invalidRequest, errorMessage: "unknown coordinator key type \(request.keyType)",
                                          nodeId: -1, host: "", port: -1)
            return eventLoop.makeSucceededFuture(.findCoordinator(response))
        case .joinGroup(let request):
            return joinGroup(request, header: frame.header, on: eventLoop).map { .joinGroup($0) }
        case .syncGroup(let request):
            return syncGroup(request, on: eventLoop).map { .syncGroup($0) }
        case .listGroups:
            let listed = state.listGroups().map { ListGroupsResponse.Group(groupId: $0.groupId, protocolType: $0.protocolType) }
            return eventLoop.makeSucceededFuture(.listGroups(ListGroupsResponse(groups: listed)))
        case .describeGroups(let request):
            var groups = state.describeGroups(request.groups)
            // No ACLs: every operation a client could ask about is allowed (Kafka's bit set for a group: read,
            // describe, delete), reported only when asked for.
            if request.includeAuthorizedOperations {
                for index in groups.indices { groups[index].authorizedOperations = (1 << 3) | (1 << 8) | (1 << 6) }
            }
            return eventLoop.makeSucceededFuture(.describeGroups(DescribeGroupsResponse(groups: groups)))
        case .heartbeat(let request):
            let error = state.heartbeat(request.groupId, memberId: request.memberId, generation: request.generationId)
            if error != .noError {
                logger.debug("heartbeat answered", metadata: [
                    "group": "\(request.groupId)", "member": "\(request.memberId)",
                    "generation": "\(request.generationId)", "error": "\(error)"])
            }
            return eventLoop.makeSucceededFuture(.heartbeat(HeartbeatResponse(errorCode: error)))
        case .leaveGroup(let request):
            let error = state.leaveGroup(request.groupId, memberId: request.memberId)
            return eventLoop.makeSucceededFuture(.leaveGroup(LeaveGroupResponse(errorCode: error)))
        case .offsetCommit(let request):
            return eventLoop.makeSucceededFuture(.offsetCommit(offsetCommit(request)))
        case .offsetFetch(let request):
            return eventLoop.makeSucceededFuture(.offsetFetch(offsetFetch(request)))
        case .initProducerId(let request):
            return eventLoop.makeSucceededFuture(.initProducerId(initProducerId(request, version: version)))
        case .addPartitionsToTxn(let request):
            return eventLoop.makeSucceededFuture(.addPartitionsToTxn(addPartitionsToTxn(request, version: version)))
        case .addOffsetsToTxn(let request):
            var error = state.addOffsetsToTransaction(request.transactionalId, producerId: request.producerId,
                                                      epoch: request.producerEpoch, group: request.groupId)
            error = Self.fencedError(error, version: version, fencedSince: 2)
            logTransaction("AddOffsetsToTxn", request.transactionalId, error)
            return eventLoop.makeSucceededFuture(.addOffsetsToTxn(AddOffsetsToTxnResponse(errorCode: error)))
        case .endTxn(let request):
            var error = state.endTransaction(request.transactionalId, producerId: request.producerId,
                                             epoch: request.producerEpoch, commit: request.committed)
            error = Self.fencedError(error, version: version, fencedSince: 2)
            logTransaction(request.committed ? "EndTxn(commit)" : "EndTxn(abort)", request.transactionalId, error)
            return eventLoop.makeSucceededFuture(.endTxn(EndTxnResponse(errorCode: error)))
        case .txnOffsetCommit(let request):
            return eventLoop.makeSucceededFuture(.txnOffsetCommit(txnOffsetCommit(request)))
        case .createTopics(let request):
            return eventLoop.makeSucceededFuture(.createTopics(createTopics(request)))
        case .deleteTopics(let request):
            let results = request.topicNames.map { name in
                DeleteTopicsResponse.Result(name: name, errorCode: state.deleteTopic(name))
            }
            return eventLoop.makeSucceededFuture(.deleteTopics(DeleteTopicsResponse(responses: results)))
        case .describeConfigs(let request):
            return eventLoop.makeSucceededFuture(.describeConfigs(describeConfigs(request)))
        case .alterConfigs(let request):
            return eventLoop.makeSucceededFuture(.alterConfigs(alterConfigs(request)))
        case .incrementalAlterConfigs(let request):
            return eventLoop.makeSucceededFuture(.incrementalAlterConfigs(incrementalAlterConfigs(request)))
        case .createPartitions(let request):
            return eventLoop.makeSucceededFuture(.createPartitions(createPartitions(request)))
        case .deleteRecords(let request):
            return eventLoop.makeSucceededFuture(.deleteRecords(deleteRecords(request)))
        case .listTransactions(let request):
            return eventLoop.makeSucceededFuture(.listTransactions(listTransactions(request)))
        case .describeCluster(let request):
            var response = DescribeClusterResponse()
            // One node is both broker and controller, so either endpoint type lists it.
            response.endpointType = request.endpointType
            response.clusterId = Self.clusterId
            response.controllerId = Self.nodeId
            response.brokers = [.init(brokerId: Self.nodeId, host: listener.host, port: listener.port)]
            // No ACLs: every operation on a cluster is allowed (Kafka's bits: create 5, alter 7, describe 8, cluster
            // action 9, describe/alter configs 10/11, idempotent write 12, create/describe tokens 13/14), when asked.
            if request.includeClusterAuthorizedOperations {
                response.clusterAuthorizedOperations = [5, 7, 8, 9, 10, 11, 12, 13, 14].reduce(0) { $0 | (1 << $1) }
            }
            return eventLoop.makeSucceededFuture(.describeCluster(response))
        case .describeProducers(let request):
            return eventLoop.makeSucceededFuture(.describeProducers(describeProducers(request)))
        case .describeTransactions(let request):
            return eventLoop.makeSucceededFuture(.describeTransactions(describeTransactions(request)))
        }
    }

    // MARK: Metadata and topics

    func metadata(_ request: MetadataRequest, listener: ListenerAddress) -> MetadataResponse {
        var response = MetadataResponse()
        response.brokers = [.init(nodeId: Self.nodeId, host: listener.host, port: listener.port)]
        response.clusterId = Self.clusterId
        response.controllerId = Self.nodeId
        let names = request.topics ?? state.topicList().map(\.name)
        response.topics = names.map { name in
            let (error, count) = state.ensureTopic(name, autoCreate: request.allowAutoTopicCreation)
            guard error == .noError else { return .init(errorCode: error, name: name, partitions: []) }
            return .init(name: name, partitions: (0..<count).map { index in
                var partition = MetadataResponse.Partition(partitionIndex: index, leaderId: Self.nodeId, leaderEpoch: 0)
                partition.replicaNodes = [Self.nodeId]
                partition.isrNodes = [Self.nodeId]
                return partition
            })
        }
        return response
    }

    func createTopics(_ request: CreateTopicsRequest) -> CreateTopicsResponse {
        CreateTopicsResponse(topics: request.topics.map { topic in
            guard topic.replicationFactor == -1 || topic.replicationFactor == 1 else {
                return .init(name: topic.name, errorCode: ErrorCode.invalidReplicationFactor,
                             errorMessage: "this broker has one node: replication factor must be 1")
            }
            let partitions = !topic.assignments.isEmpty ? Int32(topic.assignments.count)
                : topic.numPartitions == -1 ? state.configuration.defaultPartitions : topic.numPartitions
            let (error, message) = state.createTopic(topic.name, partitions: partitions,
                                                     configs: topic.configs.map { ($0.name, $0.value) },
                                                     validateOnly: request.validateOnly)
            if error == .noError, !request.validateOnly {
                logger.info("created topic", metadata: ["topic": "\(topic.name)", "partitions": "\(partitions)"])
            }
            return .init(name: topic.name, errorCode: error, errorMessage: message)
        })
    }

    // MARK: Fetch and offsets

    func listOffsets(_ request: ListOffsetsRequest) -> ListOffsetsResponse {
        ListOffsetsResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                let found = state.listOffset(TopicPartition(topic.name, partition.partitionIndex), timestamp: partition.timestamp,
                                             readCommitted: request.isolationLevel == 1)
                return .init(partitionIndex: partition.partitionIndex, errorCode: found.error,
                             timestamp: found.timestamp, offset: found.offset)
            })
        })
    }

    /// Builds a full fetch response from what is stored now; every requested partition appears.
    func readFetch(_ request: FetchRequest) -> (response: FetchResponse, bytes: Int) {
        let readCommitted = request.isolationLevel == 1
        var remaining = Int(max(request.maxBytes, 0))
        var total = 0
        let topics = request.topics.map { topic in
            FetchResponse.Topic(name: topic.name, partitions: topic.partitions.map { partition in
                let limit = min(Int(max(partition.partitionMaxBytes, 0)), remaining)
                let read = state.read(TopicPartition(topic.name, partition.partition), from: partition.fetchOffset,
                                      maxBytes: max(limit, 0), readCommitted: readCommitted)
                var records: ByteBuffer?
                // At least one batch overall (KIP-74), so a response limit never stalls a consumer.
                if read.error == .noError, !read.batches.isEmpty, limit > 0 || total == 0 {
                    var joined = ByteBuffer()
                    for batch in read.batches {
                        if joined.readableBytes > 0, joined.readableBytes + batch.readableBytes > limit { break }
                        joined.writeImmutableBuffer(batch)
                    }
                    total += joined.readableBytes
                    remaining -= joined.readableBytes
                    records = joined
                }
                var answer = FetchResponse.Partition(
                    partitionIndex: partition.partition, errorCode: read.error, highWatermark: read.highWatermark,
                    lastStableOffset: read.lastStableOffset, logStartOffset: read.logStartOffset,
                    records: records ?? ByteBuffer())
                if readCommitted {
                    answer.abortedTransactions = read.abortedTransactions.map {
                        FetchResponse.AbortedTransaction(producerId: $0.producerId, firstOffset: $0.firstOffset)
                    }
                }
                return answer
            })
        }
        return (FetchResponse(topics: topics), total)
    }

    /// Fetch with long poll: parks until `min_bytes` are available or `max_wait_ms` passes, woken by appends.
    func fetch(_ request: FetchRequest, on eventLoop: any EventLoop) -> EventLoopFuture<FetchResponse> {
        let first = readFetch(request)
        let minBytes = max(Int(request.minBytes), 1)
        if request.maxWaitMs <= 0 || first.bytes >= minBytes || request.topics.allSatisfy({ $0.partitions.isEmpty }) {
            return eventLoop.makeSucceededFuture(first.response)
        }
        var wanted: [TopicPartition: Int64] = [:]
        for topic in request.topics {
            for partition in topic.partitions { wanted[TopicPartition(topic.name, partition.partition)] = partition.fetchOffset }
        }
        let positions = wanted
        let parked = ParkedFetch(promise: eventLoop.makePromise(of: FetchResponse.self))
        let handler = self
        @Sendable func answer() {
            guard parked.finish() else { return }
            parked.promise.succeed(handler.readFetch(request).response)
        }
        @Sendable func park() {
            let id = handler.state.parkFetch(positions, minBytes: minBytes, readCommitted: request.isolationLevel == 1) {
                eventLoop.execute { if !parked.isFinished { park() } }
            }
            if let id { parked.setWaiter(id) } else { answer() }
        }
        let timeout = eventLoop.scheduleTask(in: .milliseconds(Int64(request.maxWaitMs))) {
            if let id = parked.waiter { handler.state.cancelFetch(id) }
            answer()
        }
        // A timeout cancelled by loop shutdown must still settle the promise.
        timeout.futureResult.whenFailure { error in
            if parked.finish() { parked.promise.fail(error) }
        }
        parked.promise.futureResult.whenComplete { _ in timeout.cancel() }
        park()
        return parked.promise.futureResult
    }

    func offsetCommit(_ request: OffsetCommitRequest) -> OffsetCommitResponse {
        let entries = request.topics.flatMap { topic in
            topic.partitions.map {
                BrokerState.OffsetCommitEntry(partition: TopicPartition(topic.name, $0.partitionIndex),
                                              offset: $0.committedOffset, metadata: $0.committedMetadata ?? "")
            }
        }
        var errors = state.commitOffsets(request.groupId, memberId: request.memberId, generation: request.generationId,
                                         entries: entries)[...]
        return OffsetCommitResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                .init(partitionIndex: partition.partitionIndex, errorCode: (errors.popFirst() ?? .unknownServerError))
            })
        })
    }

    func offsetFetch(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        let wanted = request.topics.map { topics in
            topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, $0) } }
        }
        let found = state.fetchOffsets(request.groupId, partitions: wanted)
        var order: [String] = []
        var byTopic: [String: [OffsetFetchResponse.Partition]] = [:]
        for (partition, position) in found {
            if byTopic[partition.topic] == nil { order.append(partition.topic) }
            byTopic[partition.topic, default: []].append(.init(
                partitionIndex: partition.partition, committedOffset: position?.offset ?? -1, metadata: position?.metadata ?? ""))
        }
        return OffsetFetchResponse(topics: order.map { .init(name: $0, partitions: byTopic[$0] ?? []) })
    }

    // MARK: Groups

    func joinGroup(_ request: JoinGroupRequest, header: KafkaRequestHeader, on eventLoop: any EventLoop) -> EventLoopFuture<JoinGroupResponse> {
        let promise = eventLoop.makePromise(of: JoinGroupResponse.self)
        let clientId = header.clientId ?? ""
        let join = GroupStateMachine.JoinRequest(
            memberId: request.memberId, groupInstanceId: request.groupInstanceId, clientId: clientId,
            sessionTimeoutMs: request.sessionTimeoutMs,
            rebalanceTimeoutMs: request.rebalanceTimeoutMs > 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
            protocolType: request.protocolType,
            protocols: request.protocols.map { .init(name: $0.name, metadata: Array($0.metadata.readableBytesView)) },
            apiVersion: header.apiVersion)
        let newMemberId = "\(clientId)-\(UUID().uuidString.lowercased())"
        let logger = self.logger
        let groupId = request.groupId
        logger.debug("join requested", metadata: [
            "group": "\(groupId)", "member": "\(request.memberId)", "protocols": "\(request.protocols.map(\.name))"])
        state.joinGroup(groupId, join, newMemberId: newMemberId) { result in
            var response = JoinGroupResponse()
            response.errorCode = result.error
            response.generationId = result.generation
            response.protocolName = result.protocolName
            response.leader = result.leader
            response.memberId = result.memberId
            response.members = result.members.map {
                .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: ByteBuffer(bytes: $0.metadata))
            }
            if result.error == .noError {
                logger.info("group member joined", metadata: [
                    "group": "\(groupId)", "member": "\(result.memberId)", "generation": "\(result.generation)",
                    "leader": "\(result.leader == result.memberId)"])
            }
            promise.succeed(response)
        }
        return promise.futureResult
    }

    func syncGroup(_ request: SyncGroupRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SyncGroupResponse> {
        let promise = eventLoop.makePromise(of: SyncGroupResponse.self)
        var assignments: [String: [UInt8]] = [:]
        for entry in request.assignments { assignments[entry.memberId] = Array(entry.assignment.readableBytesView) }
        let logger = self.logger
        state.syncGroup(request.groupId, memberId: request.memberId, generation: request.generationId, assignments: assignments) { result in
            if result.error != .noError {
                logger.debug("sync answered", metadata: [
                    "group": "\(request.groupId)", "member": "\(request.memberId)", "error": "\(result.error)"])
            }
            promise.succeed(SyncGroupResponse(errorCode: result.error, assignment: ByteBuffer(bytes: result.assignment)))
        }
        return promise.futureResult
    }
}

/// The state of one parked fetch, shared between its wake-up, its timeout and the promise.
final class ParkedFetch: Sendable {
    let promise: EventLoopPromise<FetchResponse>
    private let box = NIOLockedValueBox<(finished: Bool, waiter: UInt64?)>((false, nil))

    init(promise: EventLoopPromise<FetchResponse>) { self.promise = promise }

    var isFinished: Bool { box.withLockedValue { $0.finished } }
    var waiter: UInt64? { box.withLockedValue { $0.waiter } }
    func setWaiter(_ id: UInt64) { box.withLockedValue { $0.waiter = id } }
    /// Marks the fetch answered; false when it already was.
    func finish() -> Bool {
        box.withLockedValue { state in
            if state.finished { return false }
            state.finished = true
            return true
        }
    }
}
