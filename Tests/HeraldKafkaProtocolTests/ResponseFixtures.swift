import NIOCore
import Testing
@testable import HeraldKafkaProtocol

/// A response body at one version, as hex derived by hand from the message specifications, and its value.
struct ResponseFixture: CustomTestStringConvertible, Sendable {
    let version: Int16
    let hex: String
    let value: KafkaResponse
    var testDescription: String { "\(value.apiKey) v\(version)" }
}

enum ResponseFixtures {
    static let all: [ResponseFixture] = [
        // ApiVersions v0: error 0, [(18, 0, 3)]. v3: compact array (2 = one entry), per-entry and top tags, throttle.
        ResponseFixture(version: 0, hex: "0000 | 00000001 0012 0000 0003",
                        value: .apiVersions(ApiVersionsResponse(apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)]))),
        ResponseFixture(version: 3, hex: "0000 | 02 0012 0000 0003 00 | 00000000 | 00",
                        value: .apiVersions(ApiVersionsResponse(apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)]))),

        // Metadata v1: broker (1, "h", 9092, rack null), controller 1, topic "t" with partition 0 led by 1.
        ResponseFixture(version: 1, hex: """
            00000001 00000001 0001 68 00002384 ffff | 00000001 | 00000001 0000 0001 74 00 | \
            00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001
            """, value: .metadata(metadata(clusterId: nil))),
        // Metadata v8 adds throttle, cluster id "c", leader epoch 0, offline replicas [], and the two
        // authorized-operations fields (INT32_MIN).
        ResponseFixture(version: 8, hex: """
            00000000 | 00000001 00000001 0001 68 00002384 ffff | 0001 63 | 00000001 | 00000001 0000 0001 74 00 | \
            00000001 0000 00000000 00000001 00000000 00000001 00000001 00000001 00000001 00000000 | 80000000 | 80000000
            """, value: .metadata(metadata(clusterId: "c"))),

        // Produce v3: "t" partition 0, no error, base offset 5, log append time -1, throttle 0.
        ResponseFixture(version: 3, hex: "00000001 0001 74 00000001 00000000 0000 0000000000000005 ffffffffffffffff | 00000000",
                        value: .produce(ProduceResponse(topics: [.init(name: "t", partitions: [
                            .init(index: 0, baseOffset: 5)])]))),
        // Produce v8: INVALID_RECORD (87) with log start 0, record error (0, "x") and message "y".
        ResponseFixture(version: 8, hex: """
            00000001 0001 74 00000001 00000000 0057 ffffffffffffffff ffffffffffffffff 0000000000000000 | \
            00000001 00000000 0001 78 | 0001 79 | 00000000
            """, value: .produce(ProduceResponse(topics: [.init(name: "t", partitions: [
                .init(index: 0, errorCode: .invalidRecord, baseOffset: -1, logStartOffset: 0,
                      recordErrors: [.init(batchIndex: 0, message: "x")], errorMessage: "y")])]))),

        // Fetch v4: throttle 0, "t" partition 0, high watermark 12, last stable 12, no aborted, records aabb.
        ResponseFixture(version: 4, hex: """
            00000000 | 00000001 0001 74 00000001 00000000 0000 000000000000000c 000000000000000c 00000000 00000002 aabb
            """, value: .fetch(FetchResponse(topics: [.init(name: "t", partitions: [
                .init(partitionIndex: 0, highWatermark: 12, lastStableOffset: 12, logStartOffset: 0,
                      records: bytes("aabb"))])]))),
        // Fetch v11: error 0, session 0, OFFSET_OUT_OF_RANGE, log start 0, aborted null, preferred -1, records null.
        ResponseFixture(version: 11, hex: """
            00000000 0000 00000000 | 00000001 0001 74 00000001 00000000 0001 000000000000000c 000000000000000c \
            0000000000000000 ffffffff ffffffff ffffffff
            """, value: .fetch({
            var p = FetchResponse.Partition(partitionIndex: 0, errorCode: .offsetOutOfRange, highWatermark: 12,
                                            lastStableOffset: 12, logStartOffset: 0, records: nil)
            p.abortedTransactions = nil
            return FetchResponse(topics: [.init(name: "t", partitions: [p])])
        }())),

        // ListOffsets v1: "t" partition 0, timestamp -1, offset 42. v3 adds throttle first.
        ResponseFixture(version: 1, hex: "00000001 0001 74 00000001 00000000 0000 ffffffffffffffff 000000000000002a",
                        value: .listOffsets(ListOffsetsResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0, offset: 42)])]))),
        ResponseFixture(version: 3, hex: "00000000 | 00000001 0001 74 00000001 00000000 0000 ffffffffffffffff 000000000000002a",
                        value: .listOffsets(ListOffsetsResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0, offset: 42)])]))),

        // FindCoordinator v0: no error, node 1 at "h":9092. v2: COORDINATOR_NOT_AVAILABLE, message null, node -1.
        ResponseFixture(version: 0, hex: "0000 | 00000001 0001 68 00002384",
                        value: .findCoordinator(FindCoordinatorResponse(nodeId: 1, host: "h", port: 9092))),
        ResponseFixture(version: 2, hex: "00000000 | 000f | ffff | ffffffff 0000 ffffffff",
                        value: .findCoordinator(FindCoordinatorResponse(errorCode: .coordinatorNotAvailable, nodeId: -1,
                                                                        host: "", port: -1))),

        // JoinGroup v0 (leader): generation 1, "range", leader "m", member "m", members [("m", 0001)].
        ResponseFixture(version: 0, hex: """
            0000 | 00000001 | 0005 72616e6765 | 0001 6d | 0001 6d | 00000001 0001 6d 00000002 0001
            """, value: .joinGroup({
            var r = JoinGroupResponse(); r.generationId = 1; r.protocolName = "range"; r.leader = "m"; r.memberId = "m"
            r.members = [.init(memberId: "m", metadata: bytes("0001"))]; return r
        }())),
        // JoinGroup v5 (leader) adds throttle and each member's instance id (null).
        ResponseFixture(version: 5, hex: """
            00000000 | 0000 | 00000002 | 0005 72616e6765 | 0001 6d | 0001 6d | 00000001 0001 6d ffff 00000000
            """, value: .joinGroup({
            var r = JoinGroupResponse(); r.generationId = 2; r.protocolName = "range"; r.leader = "m"; r.memberId = "m"
            r.members = [.init(memberId: "m", metadata: ByteBuffer())]; return r
        }())),

        // SyncGroup v0: assignment 0001. v3: throttle, REBALANCE_IN_PROGRESS (27), empty assignment.
        ResponseFixture(version: 0, hex: "0000 | 00000002 0001",
                        value: .syncGroup(SyncGroupResponse(assignment: bytes("0001")))),
        ResponseFixture(version: 3, hex: "00000000 | 001b | 00000000",
                        value: .syncGroup(SyncGroupResponse(errorCode: .rebalanceInProgress))),

        // Heartbeat v0: no error. v3: throttle, REBALANCE_IN_PROGRESS.
        ResponseFixture(version: 0, hex: "0000", value: .heartbeat(HeartbeatResponse(errorCode: .noError))),
        ResponseFixture(version: 3, hex: "00000000 001b", value: .heartbeat(HeartbeatResponse(errorCode: .rebalanceInProgress))),

        // ListGroups v0: no error, ["g" "consumer"]. v2: throttle, no error, no groups.
        ResponseFixture(version: 0, hex: "0000 | 00000001 | 0001 67 | 0008 636f6e73756d6572",
                        value: .listGroups(ListGroupsResponse(groups: [.init(groupId: "g", protocolType: "consumer")]))),
        ResponseFixture(version: 2, hex: "00000000 | 0000 | 00000000", value: .listGroups(ListGroupsResponse())),

        // DescribeGroups v0: "g" Stable consumer range, member "m" client "c" host "" metadata aabb assignment cc.
        // v4: throttle, the same group with member "m" instance "i", empty metadata and assignment, operations unset.
        ResponseFixture(version: 0, hex: """
            00000001 | 0000 | 0001 67 | 0006 537461626c65 | 0008 636f6e73756d6572 | 0005 72616e6765 | \
            00000001 | 0001 6d | 0001 63 | 0000 | 00000002 aabb | 00000001 cc
            """, value: .describeGroups(DescribeGroupsResponse(groups: [{
                var group = DescribeGroupsResponse.Group(); group.groupId = "g"; group.groupState = "Stable"
                group.protocolType = "consumer"; group.protocolData = "range"
                var member = DescribeGroupsResponse.Member(); member.memberId = "m"; member.clientId = "c"
                member.memberMetadata = bytes("aabb"); member.memberAssignment = bytes("cc")
                group.members = [member]; return group
            }()]))),
        ResponseFixture(version: 4, hex: """
            00000000 | 00000001 | 0000 | 0001 67 | 0006 537461626c65 | 0008 636f6e73756d6572 | 0005 72616e6765 | \
            00000001 | 0001 6d | 0001 69 | 0001 63 | 0000 | 00000000 | 00000000 | 80000000
            """, value: .describeGroups(DescribeGroupsResponse(groups: [{
                var group = DescribeGroupsResponse.Group(); group.groupId = "g"; group.groupState = "Stable"
                group.protocolType = "consumer"; group.protocolData = "range"
                var member = DescribeGroupsResponse.Member(); member.memberId = "m"; member.groupInstanceId = "i"
                member.clientId = "c"; group.members = [member]; return group
            }()]))),

        // LeaveGroup v0: no error. v1: throttle, UNKNOWN_MEMBER_ID (25).
        ResponseFixture(version: 0, hex: "0000", value: .leaveGroup(LeaveGroupResponse(errorCode: .noError))),
        ResponseFixture(version: 1, hex: "00000000 0019", value: .leaveGroup(LeaveGroupResponse(errorCode: .unknownMemberId))),

        // OffsetCommit v2: "t" partition 0 ok. v3: throttle, ILLEGAL_GENERATION (22).
        ResponseFixture(version: 2, hex: "00000001 0001 74 00000001 00000000 0000",
                        value: .offsetCommit(OffsetCommitResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0)])]))),
        ResponseFixture(version: 3, hex: "00000000 | 00000001 0001 74 00000001 00000000 0016",
                        value: .offsetCommit(OffsetCommitResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0, errorCode: .illegalGeneration)])]))),

        // OffsetFetch v1: "t" partition 0 with no commit (-1, "", 0); no top-level error before v2.
        ResponseFixture(version: 1, hex: "00000001 0001 74 00000001 00000000 ffffffffffffffff 0000 0000",
                        value: .offsetFetch(OffsetFetchResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0, committedOffset: -1)])]))),
        // OffsetFetch v3: throttle, offset 100 with null metadata, top-level error 0.
        ResponseFixture(version: 3, hex: "00000000 | 00000001 0001 74 00000001 00000000 0000000000000064 ffff 0000 | 0000",
                        value: .offsetFetch(OffsetFetchResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 0, committedOffset: 100, metadata: nil)])]))),

        // InitProducerId v0: producer 1 epoch 0. v1: TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53), -1, -1.
        ResponseFixture(version: 0, hex: "00000000 0000 0000000000000001 0000",
                        value: .initProducerId(InitProducerIdResponse(producerId: 1, producerEpoch: 0))),
        ResponseFixture(version: 1, hex: "00000000 0035 ffffffffffffffff ffff",
                        value: .initProducerId(InitProducerIdResponse(errorCode: .transactionalIdAuthorizationFailed,
                                                                      producerId: -1, producerEpoch: -1))),
        // InitProducerId v4: the v0 fields and a tag section; PRODUCER_FENCED (90).
        ResponseFixture(version: 4, hex: "00000000 005a ffffffffffffffff ffff | 00",
                        value: .initProducerId(InitProducerIdResponse(errorCode: .producerFenced, producerId: -1, producerEpoch: -1))),

        // CreateTopics v0: "t" ok. v4: throttle, TOPIC_ALREADY_EXISTS (36) with message "x".
        ResponseFixture(version: 0, hex: "00000001 0001 74 0000",
                        value: .createTopics(CreateTopicsResponse(topics: [.init(name: "t")]))),
        ResponseFixture(version: 4, hex: "00000000 | 00000001 0001 74 0024 0001 78",
                        value: .createTopics(CreateTopicsResponse(topics: [.init(name: "t", errorCode: .topicAlreadyExists,
                                                                                errorMessage: "x")]))),

        // DeleteTopics v0: "t" ok. v3: throttle, UNKNOWN_TOPIC_OR_PARTITION.
        ResponseFixture(version: 0, hex: "00000001 0001 74 0000",
                        value: .deleteTopics(DeleteTopicsResponse(responses: [.init(name: "t")]))),
        ResponseFixture(version: 3, hex: "00000000 | 00000001 0001 74 0003",
                        value: .deleteTopics(DeleteTopicsResponse(responses: [.init(name: "t", errorCode: .unknownTopicOrPartition)]))),

        // DescribeConfigs v0: topic "t", config a=b read-only, default, not sensitive.
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0000 ffff 02 0001 74 | 00000001 0001 61 0001 62 01 01 00",
                        value: .describeConfigs(DescribeConfigsResponse(results: [.init(resourceType: 2, resourceName: "t",
                            configs: [.init(name: "a", value: "b")])]))),
        // DescribeConfigs v1: the same config with source 5 (default) instead of is_default, and no synonyms.
        ResponseFixture(version: 1, hex: "00000000 | 00000001 0000 ffff 02 0001 74 | 00000001 0001 61 0001 62 01 05 00 00000000",
                        value: .describeConfigs(DescribeConfigsResponse(results: [.init(resourceType: 2, resourceName: "t",
                            configs: [.init(name: "a", value: "b")])]))),

        // AddPartitionsToTxn v0: "t" partition 0 ok. v2: partition 1 PRODUCER_FENCED (90).
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0001 74 00000001 00000000 0000",
                        value: .addPartitionsToTxn(AddPartitionsToTxnResponse(results: [.init(name: "t", results: [.init(partitionIndex: 0)])]))),
        ResponseFixture(version: 2, hex: "00000000 | 00000001 0001 74 00000001 00000001 005a",
                        value: .addPartitionsToTxn(AddPartitionsToTxnResponse(results: [
                            .init(name: "t", results: [.init(partitionIndex: 1, errorCode: .producerFenced)])]))),
        // AddOffsetsToTxn and EndTxn: throttle, error (v2: PRODUCER_FENCED 90, INVALID_TXN_STATE 48).
        ResponseFixture(version: 0, hex: "00000000 0000", value: .addOffsetsToTxn(AddOffsetsToTxnResponse(errorCode: .noError))),
        ResponseFixture(version: 2, hex: "00000000 005a", value: .addOffsetsToTxn(AddOffsetsToTxnResponse(errorCode: .producerFenced))),
        ResponseFixture(version: 0, hex: "00000000 0000", value: .endTxn(EndTxnResponse(errorCode: .noError))),
        ResponseFixture(version: 2, hex: "00000000 0030", value: .endTxn(EndTxnResponse(errorCode: .invalidTxnState))),
        // TxnOffsetCommit: "t" partition 0 ok; v2: INVALID_PRODUCER_EPOCH (47).
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0001 74 00000001 00000000 0000",
                        value: .txnOffsetCommit(TxnOffsetCommitResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0)])]))),
        ResponseFixture(version: 2, hex: "00000000 | 00000001 0001 74 00000001 00000000 002f",
                        value: .txnOffsetCommit(TxnOffsetCommitResponse(topics: [
                            .init(name: "t", partitions: [.init(partitionIndex: 0, errorCode: .invalidProducerEpoch)])]))),
        // v3 (flexible): ILLEGAL_GENERATION (22), with partition, topic and top-level tags.
        ResponseFixture(version: 3, hex: "00000000 | 02 02 74 02 00000000 0016 00 00 | 00",
                        value: .txnOffsetCommit(TxnOffsetCommitResponse(topics: [
                            .init(name: "t", partitions: [.init(partitionIndex: 0, errorCode: .illegalGeneration)])]))),
        ResponseFixture(version: 3, hex: "00000000 0000 | 00", value: .endTxn(EndTxnResponse(errorCode: .noError))),
        ResponseFixture(version: 3, hex: "00000000 005a | 00", value: .addOffsetsToTxn(AddOffsetsToTxnResponse(errorCode: .producerFenced))),
        ResponseFixture(version: 3, hex: "00000000 | 02 02 74 02 00000000 0000 00 00 | 00",
                        value: .addPartitionsToTxn(AddPartitionsToTxnResponse(results: [.init(name: "t", results: [.init(partitionIndex: 0)])]))),

        // CreatePartitions v0: "t" ok, message null. v1: INVALID_PARTITIONS (37) "x".
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0001 74 0000 ffff",
                        value: .createPartitions(CreatePartitionsResponse(results: [.init(name: "t")]))),
        ResponseFixture(version: 1, hex: "00000000 | 00000001 0001 74 0025 0001 78",
                        value: .createPartitions(CreatePartitionsResponse(results: [.init(name: "t", errorCode: .invalidPartitions, errorMessage: "x")]))),
        // DeleteRecords v0: "t" partition 0 low watermark 5. v1: partition 1, -1, OFFSET_OUT_OF_RANGE.
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0001 74 00000001 00000000 0000000000000005 0000",
                        value: .deleteRecords(DeleteRecordsResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, lowWatermark: 5)])]))),
        ResponseFixture(version: 1, hex: "00000000 | 00000001 0001 74 00000001 00000001 ffffffffffffffff 0001",
                        value: .deleteRecords(DeleteRecordsResponse(topics: [.init(name: "t", partitions: [
                            .init(partitionIndex: 1, lowWatermark: -1, errorCode: .offsetOutOfRange)])]))),
        // AlterConfigs v0: ok for topic "t". v1: INVALID_CONFIG (40) "x".
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0000 ffff 02 0001 74",
                        value: .alterConfigs(AlterConfigsResponse(responses: [.init(resourceType: 2, resourceName: "t")]))),
        ResponseFixture(version: 1, hex: "00000000 | 00000001 0028 0001 78 02 0001 74",
                        value: .alterConfigs(AlterConfigsResponse(responses: [
                            .init(errorCode: .invalidConfig, errorMessage: "x", resourceType: 2, resourceName: "t")]))),
        // IncrementalAlterConfigs v0: ok for topic "t".
        ResponseFixture(version: 0, hex: "00000000 | 00000001 0000 ffff 02 0001 74",
                        value: .incrementalAlterConfigs(IncrementalAlterConfigsResponse(responses: [.init(resourceType: 2, resourceName: "t")]))),

        // ListTransactions v0: no error, no unknown filters, ("x", producer 5, "O").
        ResponseFixture(version: 0, hex: "00000000 0000 | 01 | 02 02 78 0000000000000005 02 4f 00 | 00", value: .listTransactions({
            var r = ListTransactionsResponse(); r.transactionStates = [.init(transactionalId: "x", producerId: 5, transactionState: "O")]
            return r
        }())),
        // DescribeTransactions v0: "x" in "O", timeout 60000, started at 7, producer 5 epoch 1, "t" [0].
        ResponseFixture(version: 0, hex: """
            00000000 | 02 0000 02 78 02 4f 0000ea60 0000000000000007 0000000000000005 0001 02 02 74 02 00000000 00 00 | 00
            """, value: .describeTransactions({
            var state = DescribeTransactionsResponse.State(); state.transactionalId = "x"; state.transactionState = "O"
            state.transactionTimeoutMs = 60000; state.transactionStartTimeMs = 7; state.producerId = 5; state.producerEpoch = 1
            state.topics = [.init(topic: "t", partitions: [0])]
            var r = DescribeTransactionsResponse(); r.transactionStates = [state]; return r
        }())),
        // DescribeProducers v0: "t" partition 0, no error, message null, producer 5 epoch 1 last sequence 9, last
        // timestamp and coordinator epoch -1, open transaction from offset 3.
        ResponseFixture(version: 0, hex: """
            00000000 | 02 02 74 02 00000000 0000 00 02 0000000000000005 00000001 00000009 ffffffffffffffff ffffffff \
            0000000000000003 00 00 00 | 00
            """, value: .describeProducers({
            var producer = DescribeProducersResponse.Producer(); producer.producerId = 5; producer.producerEpoch = 1
            producer.lastSequence = 9; producer.currentTxnStartOffset = 3
            var partition = DescribeProducersResponse.Partition(); partition.activeProducers = [producer]
            var r = DescribeProducersResponse(); r.topics = [.init(name: "t", partitions: [partition])]; return r
        }())),
        // DescribeCluster v0: no error, message null, cluster "c", controller 1, broker 1 at "h":9092 (rack null),
        // operations not asked for.
        ResponseFixture(version: 0, hex: "00000000 0000 00 02 63 00000001 | 02 00000001 02 68 00002384 00 00 | 80000000 | 00",
                        value: .describeCluster({
            var r = DescribeClusterResponse(); r.clusterId = "c"; r.controllerId = 1
            r.brokers = [.init(brokerId: 1, host: "h", port: 9092)]; return r
        }())),
        // DescribeCluster v1: the same with endpoint type 1 after the message.
        ResponseFixture(version: 1, hex: "00000000 0000 00 01 02 63 00000001 | 02 00000001 02 68 00002384 00 00 | 80000000 | 00",
                        value: .describeCluster({
            var r = DescribeClusterResponse(); r.clusterId = "c"; r.controllerId = 1
            r.brokers = [.init(brokerId: 1, host: "h", port: 9092)]; return r
        }())),
    ]

    static func metadata(clusterId: String?) -> MetadataResponse {
        var r = MetadataResponse()
        r.brokers = [.init(nodeId: 1, host: "h", port: 9092)]
        r.clusterId = clusterId
        r.controllerId = 1
        r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, leaderId: 1, leaderEpoch: 0)])]
        return r
    }
}
