import NIOCore
import Testing
@testable import HeraldKafkaProtocol

/// A request body at one version, as hex derived by hand from the message specifications, and the value it holds.
/// Strings are one letter: 67 "g", 6d "m", 74 "t", 61 "a"; "consumer" and "range" spelled out.
struct RequestFixture: CustomTestStringConvertible, Sendable {
    let version: Int16
    let hex: String
    let value: KafkaRequest
    var testDescription: String { "\(value.apiKey) v\(version)" }
}

enum RequestFixtures {
    static let all: [RequestFixture] = [
        // ApiVersions: empty before v3; v3 has compact strings ("a", "1") and a tag section.
        RequestFixture(version: 0, hex: "", value: .apiVersions(ApiVersionsRequest())),
        RequestFixture(version: 3, hex: "02 61 | 02 31 | 00", value: .apiVersions({
            var r = ApiVersionsRequest(); r.clientSoftwareName = "a"; r.clientSoftwareVersion = "1"; return r
        }())),

        // Metadata v1: topics ["t"]. v8: topics null (all), auto-create true, cluster ops false, topic ops true.
        RequestFixture(version: 1, hex: "00000001 0001 74", value: .metadata({
            var r = MetadataRequest(); r.topics = ["t"]; return r
        }())),
        RequestFixture(version: 8, hex: "ffffffff | 01 | 00 | 01", value: .metadata({
            var r = MetadataRequest(); r.topics = nil; r.allowAutoTopicCreation = true
            r.includeTopicAuthorizedOperations = true; return r
        }())),

        // Produce: transactional id null, acks -1, timeout 30000, topic "t", partition 0, records.
        RequestFixture(version: 3, hex: "ffff | ffff | 00007530 | 00000001 0001 74 | 00000001 00000000 00000002 aabb",
                       value: .produce({
            var r = ProduceRequest(); r.acks = -1; r.timeoutMs = 30000
            r.topics = [.init(name: "t", partitions: [.init(index: 0, records: bytes("aabb"))])]; return r
        }())),
        RequestFixture(version: 8, hex: "0001 78 | 0001 | 00001388 | 00000001 0001 74 | 00000001 00000002 ffffffff",
                       value: .produce({
            var r = ProduceRequest(); r.transactionalId = "x"; r.acks = 1; r.timeoutMs = 5000
            r.topics = [.init(name: "t", partitions: [.init(index: 2, records: nil)])]; return r
        }())),

        // Fetch v4: replica -1, max wait 500, min bytes 1, max bytes 52428800, isolation 0,
        // topic "t" partition 0 at offset 10 with partition max 1 MiB.
        RequestFixture(version: 4, hex: """
            ffffffff 000001f4 00000001 03200000 00 | 00000001 0001 74 | 00000001 00000000 000000000000000a 00100000
            """, value: .fetch({
            var r = FetchRequest(); r.maxWaitMs = 500; r.minBytes = 1; r.maxBytes = 52_428_800
            r.topics = [.init(name: "t", partitions: [.init(partition: 0, fetchOffset: 10, partitionMaxBytes: 1_048_576)])]
            return r
        }())),
        // Fetch v11 adds isolation 1, session 0/-1, current leader epoch -1, log start -1, forgotten [], rack "".
        RequestFixture(version: 11, hex: """
            ffffffff 000001f4 00000001 03200000 01 00000000 ffffffff | 00000001 0001 74 | \
            00000001 00000000 ffffffff 000000000000000a ffffffffffffffff 00100000 | 00000000 | 0000
            """, value: .fetch({
            var r = FetchRequest(); r.maxWaitMs = 500; r.minBytes = 1; r.maxBytes = 52_428_800; r.isolationLevel = 1
            r.topics = [.init(name: "t", partitions: [.init(partition: 0, fetchOffset: 10, partitionMaxBytes: 1_048_576)])]
            return r
        }())),

        // ListOffsets v1: replica -1, "t" partition 0 timestamp -1 (latest). v3 adds isolation, asks -2 (earliest).
        RequestFixture(version: 1, hex: "ffffffff | 00000001 0001 74 | 00000001 00000000 ffffffffffffffff",
                       value: .listOffsets({
            var r = ListOffsetsRequest(); r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -1)])]
            return r
        }())),
        RequestFixture(version: 3, hex: "ffffffff 00 | 00000001 0001 74 | 00000001 00000000 fffffffffffffffe",
                       value: .listOffsets({
            var r = ListOffsetsRequest(); r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -2)])]
            return r
        }())),

        // FindCoordinator: key "g"; v1+ adds key type.
        RequestFixture(version: 0, hex: "0001 67", value: .findCoordinator(FindCoordinatorRequest(key: "g"))),
        RequestFixture(version: 2, hex: "0001 67 | 01", value: .findCoordinator(FindCoordinatorRequest(key: "g", keyType: 1))),

        // JoinGroup v0: "g", session 30000, member "", "consumer", [("range", 0001)].
        RequestFixture(version: 0, hex: """
            0001 67 | 00007530 | 0000 | 0008 636f6e73756d6572 | 00000001 0005 72616e6765 00000002 0001
            """, value: .joinGroup({
            var r = JoinGroupRequest(); r.groupId = "g"; r.sessionTimeoutMs = 30000; r.protocolType = "consumer"
            r.protocols = [.init(name: "range", metadata: bytes("0001"))]; return r
        }())),
        // JoinGroup v5: session 10000, rebalance 60000, member "m", instance null, two protocols.
        RequestFixture(version: 5, hex: """
            0001 67 | 00002710 | 0000ea60 | 0001 6d | ffff | 0008 636f6e73756d6572 | 00000002 \
            0005 72616e6765 00000000 | 000a 726f756e64726f62696e 00000001 ff
            """, value: .joinGroup({
            var r = JoinGroupRequest(); r.groupId = "g"; r.sessionTimeoutMs = 10000; r.rebalanceTimeoutMs = 60000
            r.memberId = "m"; r.protocolType = "consumer"
            r.protocols = [.init(name: "range", metadata: ByteBuffer()), .init(name: "roundrobin", metadata: bytes("ff"))]
            return r
        }())),

        // SyncGroup v0: "g", generation 1, "m", assignments [("m", 0001)]. v3: instance null, no assignments.
        RequestFixture(version: 0, hex: "0001 67 | 00000001 | 0001 6d | 00000001 0001 6d 00000002 0001",
                       value: .syncGroup({
            var r = SyncGroupRequest(); r.groupId = "g"; r.generationId = 1; r.memberId = "m"
            r.assignments = [.init(memberId: "m", assignment: bytes("0001"))]; return r
        }())),
        RequestFixture(version: 3, hex: "0001 67 | 00000001 | 0001 6d | ffff | 00000000", value: .syncGroup({
            var r = SyncGroupRequest(); r.groupId = "g"; r.generationId = 1; r.memberId = "m"; return r
        }())),

        // Heartbeat: "g", generation 1, "m"; v3 adds instance "i".
        RequestFixture(version: 0, hex: "0001 67 | 00000001 | 0001 6d", value: .heartbeat({
            var r = HeartbeatRequest(); r.groupId = "g"; r.generationId = 1; r.memberId = "m"; return r
        }())),
        RequestFixture(version: 3, hex: "0001 67 | 00000001 | 0001 6d | 0001 69", value: .heartbeat({
            var r = HeartbeatRequest(); r.groupId = "g"; r.generationId = 1; r.memberId = "m"; r.groupInstanceId = "i"
            return r
        }())),

        // ListGroups v0-2: no fields. DescribeGroups v0: groups ["g"]; v4 adds include_authorized_operations.
        RequestFixture(version: 0, hex: "", value: .listGroups(ListGroupsRequest())),
        RequestFixture(version: 2, hex: "", value: .listGroups(ListGroupsRequest())),
        RequestFixture(version: 0, hex: "00000001 0001 67", value: .describeGroups({
            var r = DescribeGroupsRequest(); r.groups = ["g"]; return r
        }())),
        RequestFixture(version: 4, hex: "00000001 0001 67 | 01", value: .describeGroups({
            var r = DescribeGroupsRequest(); r.groups = ["g"]; r.includeAuthorizedOperations = true; return r
        }())),

        // LeaveGroup v0 and v1 share a layout: "g", "m".
        RequestFixture(version: 0, hex: "0001 67 | 0001 6d", value: .leaveGroup({
            var r = LeaveGroupRequest(); r.groupId = "g"; r.memberId = "m"; return r
        }())),
        RequestFixture(version: 1, hex: "0001 67 | 0001 6d", value: .leaveGroup({
            var r = LeaveGroupRequest(); r.groupId = "g"; r.memberId = "m"; return r
        }())),

        // OffsetCommit v2: "g", generation 1, "m", retention -1, "t" partition 0 offset 100 metadata null.
        RequestFixture(version: 2, hex: """
            0001 67 | 00000001 | 0001 6d | ffffffffffffffff | 00000001 0001 74 | 00000001 00000000 0000000000000064 ffff
            """, value: .offsetCommit({
            var r = OffsetCommitRequest(); r.groupId = "g"; r.generationId = 1; r.memberId = "m"
            r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 100)])]; return r
        }())),
        // OffsetCommit v3 from an assign() consumer: generation -1, member "", metadata "".
        RequestFixture(version: 3, hex: """
            0001 67 | ffffffff | 0000 | ffffffffffffffff | 00000001 0001 74 | 00000001 00000001 0000000000000005 0000
            """, value: .offsetCommit({
            var r = OffsetCommitRequest(); r.groupId = "g"
            r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 1, committedOffset: 5, committedMetadata: "")])]
            return r
        }())),

        // OffsetFetch v1: "g", "t" partitions [0, 1]. v3: topics null (everything).
        RequestFixture(version: 1, hex: "0001 67 | 00000001 0001 74 00000002 00000000 00000001", value: .offsetFetch({
            var r = OffsetFetchRequest(); r.groupId = "g"; r.topics = [.init(name: "t", partitionIndexes: [0, 1])]
            return r
        }())),
        RequestFixture(version: 3, hex: "0001 67 | ffffffff", value: .offsetFetch({
            var r = OffsetFetchRequest(); r.groupId = "g"; r.topics = nil; return r
        }())),

        // InitProducerId: transactional id null, timeout 60000; v1 with "x" and 30000.
        RequestFixture(version: 0, hex: "ffff | 0000ea60", value: .initProducerId({
            var r = InitProducerIdRequest(); r.transactionTimeoutMs = 60000; return r
        }())),
        RequestFixture(version: 1, hex: "0001 78 | 00007530", value: .initProducerId({
            var r = InitProducerIdRequest(); r.transactionalId = "x"; r.transactionTimeoutMs = 30000; return r
        }())),
        // v2 is flexible (compact strings, tags); v3 adds producer id and epoch (-1, -1 for a new session); v4 the same.
        RequestFixture(version: 2, hex: "00 | 0000ea60 | 00", value: .initProducerId({
            var r = InitProducerIdRequest(); r.transactionTimeoutMs = 60000; return r
        }())),
        RequestFixture(version: 3, hex: "00 | 0000ea60 | ffffffffffffffff ffff | 00", value: .initProducerId({
            var r = InitProducerIdRequest(); r.transactionTimeoutMs = 60000; return r
        }())),
        RequestFixture(version: 4, hex: "02 78 | 00007530 | 0000000000000005 0001 | 00", value: .initProducerId({
            var r = InitProducerIdRequest(); r.transactionalId = "x"; r.transactionTimeoutMs = 30000
            r.producerId = 5; r.producerEpoch = 1; return r
        }())),

        // CreateTopics v0: "t", 3 partitions, replication 1, no assignments, config a=null, timeout 30000.
        RequestFixture(version: 0, hex: """
            00000001 0001 74 00000003 0001 | 00000001 00000000 00000001 00000001 | 00000001 0001 61 ffff | 00007530
            """, value: .createTopics({
            var r = CreateTopicsRequest(); var t = CreateTopicsRequest.Topic(name: "t", numPartitions: 3, replicationFactor: 1)
            var a = CreateTopicsRequest.Assignment(); a.brokerIds = [1]; t.assignments = [a]
            t.configs = [.init(name: "a", value: nil)]; r.topics = [t]; r.timeoutMs = 30000; return r
        }())),
        // CreateTopics v4: defaults (-1, -1), validate only.
        RequestFixture(version: 4, hex: "00000001 0001 74 ffffffff ffff 00000000 00000000 | 00007530 | 01",
                       value: .createTopics({
            var r = CreateTopicsRequest(); r.topics = [.init(name: "t", numPartitions: -1, replicationFactor: -1)]
            r.timeoutMs = 30000; r.validateOnly = true; return r
        }())),

        // DeleteTopics: names and timeout; v3 same layout.
        RequestFixture(version: 0, hex: "00000001 0001 74 | 00007530", value: .deleteTopics({
            var r = DeleteTopicsRequest(); r.topicNames = ["t"]; r.timeoutMs = 30000; return r
        }())),
        RequestFixture(version: 3, hex: "00000002 0001 74 0001 75 | 00007530", value: .deleteTopics({
            var r = DeleteTopicsRequest(); r.topicNames = ["t", "u"]; r.timeoutMs = 30000; return r
        }())),

        // DescribeConfigs v0: topic (2) "t", all keys (null). v1: keys ["a"], synonyms false.
        RequestFixture(version: 0, hex: "00000001 02 0001 74 ffffffff", value: .describeConfigs({
            var r = DescribeConfigsRequest(); r.resources = [.init(resourceType: 2, resourceName: "t")]; return r
        }())),
        RequestFixture(version: 1, hex: "00000001 02 0001 74 00000001 0001 61 | 00", value: .describeConfigs({
            var r = DescribeConfigsRequest()
            r.resources = [.init(resourceType: 2, resourceName: "t", configurationKeys: ["a"])]; return r
        }())),

        // AddPartitionsToTxn v0: "x", producer 5, epoch 1, "t" [0, 1]. v2 (same layout): producer 7, epoch 0, no topics.
        RequestFixture(version: 0, hex: "0001 78 | 0000000000000005 | 0001 | 00000001 0001 74 00000002 00000000 00000001",
                       value: .addPartitionsToTxn({
            var r = AddPartitionsToTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 1
            r.topics = [.init(name: "t", partitions: [0, 1])]; return r
        }())),
        RequestFixture(version: 2, hex: "0001 78 | 0000000000000007 | 0000 | 00000000", value: .addPartitionsToTxn({
            var r = AddPartitionsToTxnRequest(); r.transactionalId = "x"; r.producerId = 7; r.producerEpoch = 0; return r
        }())),
        // v3: the same fields, flexible.
        RequestFixture(version: 3, hex: "02 78 | 0000000000000007 | 0000 | 02 02 74 02 00000000 00 | 00",
                       value: .addPartitionsToTxn({
            var r = AddPartitionsToTxnRequest(); r.transactionalId = "x"; r.producerId = 7; r.producerEpoch = 0
            r.topics = [.init(name: "t", partitions: [0])]; return r
        }())),
        RequestFixture(version: 3, hex: "02 78 | 0000000000000005 | 0002 | 02 67 | 00", value: .addOffsetsToTxn({
            var r = AddOffsetsToTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 2; r.groupId = "g"
            return r
        }())),
        RequestFixture(version: 3, hex: "02 78 | 0000000000000005 | 0001 | 01 | 00", value: .endTxn({
            var r = EndTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 1; r.committed = true
            return r
        }())),
        // AddOffsetsToTxn: "x", producer 5, epoch 1 (v2: 2), group "g".
        RequestFixture(version: 0, hex: "0001 78 | 0000000000000005 | 0001 | 0001 67", value: .addOffsetsToTxn({
            var r = AddOffsetsToTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 1; r.groupId = "g"
            return r
        }())),
        RequestFixture(version: 2, hex: "0001 78 | 0000000000000005 | 0002 | 0001 67", value: .addOffsetsToTxn({
            var r = AddOffsetsToTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 2; r.groupId = "g"
            return r
        }())),
        // EndTxn: "x", producer 5, epoch 1, commit (v2: abort).
        RequestFixture(version: 0, hex: "0001 78 | 0000000000000005 | 0001 | 01", value: .endTxn({
            var r = EndTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 1; r.committed = true
            return r
        }())),
        RequestFixture(version: 2, hex: "0001 78 | 0000000000000005 | 0001 | 00", value: .endTxn({
            var r = EndTxnRequest(); r.transactionalId = "x"; r.producerId = 5; r.producerEpoch = 1; return r
        }())),
        // TxnOffsetCommit v0: "x", group "g", producer 5, epoch 1, "t" partition 0 offset 42, metadata null.
        // v2 adds committed_leader_epoch (-1); metadata "m".
        RequestFixture(version: 0, hex: """
            0001 78 | 0001 67 | 0000000000000005 | 0001 | 00000001 0001 74 00000001 00000000 000000000000002a ffff
            """, value: .txnOffsetCommit({
            var r = TxnOffsetCommitRequest(); r.transactionalId = "x"; r.groupId = "g"; r.producerId = 5; r.producerEpoch = 1
            r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42)])]; return r
        }())),
        RequestFixture(version: 2, hex: """
            0001 78 | 0001 67 | 0000000000000005 | 0001 | 00000001 0001 74 00000001 00000000 000000000000002a ffffffff 0001 6d
            """, value: .txnOffsetCommit({
            var r = TxnOffsetCommitRequest(); r.transactionalId = "x"; r.groupId = "g"; r.producerId = 5; r.producerEpoch = 1
            r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, committedMetadata: "m")])]
            return r
        }())),
        // v3: flexible, with generation 3, member "m" and group instance id null before the topics.
        RequestFixture(version: 3, hex: """
            02 78 | 02 67 | 0000000000000005 | 0001 | 00000003 02 6d 00 | \
            02 02 74 02 00000000 000000000000002a ffffffff 00 00 00 | 00
            """, value: .txnOffsetCommit({
            var r = TxnOffsetCommitRequest(); r.transactionalId = "x"; r.groupId = "g"; r.producerId = 5; r.producerEpoch = 1
            r.generationId = 3; r.memberId = "m"
            r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42)])]
            return r
        }())),

        // CreatePartitions v0: "t" to 3, assignments null, timeout 30000. v1: "t" to 2 on [[1]], timeout 0, validate only.
        RequestFixture(version: 0, hex: "00000001 0001 74 00000003 ffffffff | 00007530 | 00", value: .createPartitions({
            var r = CreatePartitionsRequest(); r.topics = [.init(name: "t", count: 3)]; r.timeoutMs = 30000; return r
        }())),
        RequestFixture(version: 1, hex: "00000001 0001 74 00000002 00000001 00000001 00000001 | 00000000 | 01",
                       value: .createPartitions({
            var r = CreatePartitionsRequest(); var a = CreatePartitionsRequest.Assignment(); a.brokerIds = [1]
            r.topics = [.init(name: "t", count: 2, assignments: [a])]; r.validateOnly = true; return r
        }())),
        // DeleteRecords v0: "t" partition 0 before offset 5, timeout 1000. v1: partition 1 before -1 (the high watermark).
        RequestFixture(version: 0, hex: "00000001 0001 74 00000001 00000000 0000000000000005 | 000003e8", value: .deleteRecords({
            var r = DeleteRecordsRequest(); r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 0, offset: 5)])]
            r.timeoutMs = 1000; return r
        }())),
        RequestFixture(version: 1, hex: "00000001 0001 74 00000001 00000001 ffffffffffffffff | 00000000", value: .deleteRecords({
            var r = DeleteRecordsRequest(); r.topics = [.init(name: "t", partitions: [.init(partitionIndex: 1, offset: -1)])]
            return r
        }())),
        // AlterConfigs v0: topic (2) "t", a=1. v1: a=null, validate only.
        RequestFixture(version: 0, hex: "00000001 02 0001 74 00000001 0001 61 0001 31 | 00", value: .alterConfigs({
            var r = AlterConfigsRequest(); r.resources = [.init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", value: "1")])]
            return r
        }())),
        RequestFixture(version: 1, hex: "00000001 02 0001 74 00000001 0001 61 ffff | 01", value: .alterConfigs({
            var r = AlterConfigsRequest(); r.resources = [.init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", value: nil)])]
            r.validateOnly = true; return r
        }())),
        // IncrementalAlterConfigs v0: topic "t", SET (0) a=1.
        RequestFixture(version: 0, hex: "00000001 02 0001 74 00000001 0001 61 00 0001 31 | 00", value: .incrementalAlterConfigs({
            var r = IncrementalAlterConfigsRequest()
            r.resources = [.init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", configOperation: 0, value: "1")])]
            return r
        }())),

        // ListTransactions v0 (flexible): state filter ["a"], producer filter [5], tags.
        RequestFixture(version: 0, hex: "02 02 61 | 02 0000000000000005 | 00", value: .listTransactions({
            var r = ListTransactionsRequest(); r.stateFilters = ["a"]; r.producerIdFilters = [5]; return r
        }())),
        // DescribeTransactions v0 (flexible): ["x"], tags.
        RequestFixture(version: 0, hex: "02 02 78 | 00", value: .describeTransactions({
            var r = DescribeTransactionsRequest(); r.transactionalIds = ["x"]; return r
        }())),
        // DescribeProducers v0 (flexible): "t" [0], tags.
        RequestFixture(version: 0, hex: "02 02 74 02 00000000 00 | 00", value: .describeProducers({
            var r = DescribeProducersRequest(); r.topics = [.init(name: "t", partitionIndexes: [0])]; return r
        }())),
        // DescribeCluster v0 (flexible): include authorized operations, tags.
        RequestFixture(version: 0, hex: "01 | 00", value: .describeCluster({
            var r = DescribeClusterRequest(); r.includeClusterAuthorizedOperations = true; return r
        }())),
        // DescribeCluster v1: no operations, endpoint type 2 (controllers), tags.
        RequestFixture(version: 1, hex: "00 02 | 00", value: .describeCluster({
            var r = DescribeClusterRequest(); r.endpointType = 2; return r
        }())),
    ]
}
