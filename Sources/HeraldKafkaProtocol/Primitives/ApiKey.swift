/// The Kafka APIs Herald implements, by their wire key.
public enum ApiKey: Int16, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case deleteRecords = 21
    case initProducerId = 22
    case addPartitionsToTxn = 24
    case addOffsetsToTxn = 25
    case endTxn = 26
    case txnOffsetCommit = 28
    case describeConfigs = 32
    case alterConfigs = 33
    case createPartitions = 37
    case incrementalAlterConfigs = 44
    case describeCluster = 60
    case describeProducers = 61
    case describeTransactions = 65
    case listTransactions = 66

    /// The versions Herald advertises and accepts: the one table both ApiVersions and the decoder use.
    /// Ranges are those of docs/kafka-protocol.md; ApiVersions v3 and the flexible-only DescribeCluster,
    /// DescribeProducers, DescribeTransactions and ListTransactions are the flexible ones.
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: return 3...8
        case .fetch: return 4...11
        case .listOffsets: return 1...3
        case .metadata: return 1...8
        case .offsetCommit: return 2...3
        case .offsetFetch: return 1...3
        case .findCoordinator: return 0...2
        case .joinGroup: return 0...5
        case .heartbeat: return 0...3
        case .leaveGroup: return 0...1
        case .syncGroup: return 0...3
        case .describeGroups: return 0...4
        case .listGroups: return 0...2
        case .apiVersions: return 0...3
        case .createTopics: return 0...4
        case .deleteTopics: return 0...3
        case .initProducerId: return 0...4
        case .addPartitionsToTxn, .addOffsetsToTxn, .endTxn, .txnOffsetCommit: return 0...3
        case .describeConfigs: return 0...1
        case .deleteRecords, .alterConfigs, .createPartitions: return 0...1
        case .incrementalAlterConfigs: return 0...0
        case .describeCluster: return 0...1
        case .describeProducers, .describeTransactions, .listTransactions: return 0...0
        }
    }

    /// The first version of this API that uses the flexible encoding (compact fields, tag sections), per Kafka.
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: return 9
        case .fetch: return 12
        case .listOffsets: return 6
        case .metadata: return 9
        case .offsetCommit: return 8
        case .offsetFetch: return 6
        case .findCoordinator: return 3
        case .joinGroup: return 6
        case .heartbeat: return 4
        case .leaveGroup: return 4
        case .syncGroup: return 4
        case .describeGroups: return 5
        case .listGroups: return 3
        case .apiVersions: return 3
        case .createTopics: return 5
        case .deleteTopics: return 4
        case .initProducerId: return 2
        case .addPartitionsToTxn, .addOffsetsToTxn, .endTxn, .txnOffsetCommit: return 3
        case .describeConfigs: return 4
        case .deleteRecords, .alterConfigs, .createPartitions: return 2
        case .incrementalAlterConfigs: return 1
        case .describeCluster, .describeProducers, .describeTransactions, .listTransactions: return 0
        }
    }

    /// Whether `version` of this API uses the flexible encoding.
    public func isFlexible(version: Int16) -> Bool { version >= firstFlexibleVersion }

    /// The request header version for `version`: 2 for flexible requests, else 1.
    public func requestHeaderVersion(version: Int16) -> Int16 { isFlexible(version: version) ? 2 : 1 }

    /// The response header version for `version`: 1 for flexible responses, else 0; ApiVersions always uses 0.
    public func responseHeaderVersion(version: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        return isFlexible(version: version) ? 1 : 0
    }

    /// The advertised table in key order, as ApiVersions lists it.
    public static var advertised: [ApiVersionRange] {
        allCases.map { ApiVersionRange(apiKey: $0.rawValue, minVersion: $0.supportedVersions.lowerBound,
                                       maxVersion: $0.supportedVersions.upperBound) }
    }

    /// Kafka's name for the API, for logs.
    public var description: String {
        switch self {
        case .produce: return "Produce"
        case .fetch: return "Fetch"
        case .listOffsets: return "ListOffsets"
        case .metadata: return "Metadata"
        case .offsetCommit: return "OffsetCommit"
        case .offsetFetch: return "OffsetFetch"
        case .findCoordinator: return "FindCoordinator"
        case .joinGroup: return "JoinGroup"
        case .heartbeat: return "Heartbeat"
        case .leaveGroup: return "LeaveGroup"
        case .syncGroup: return "SyncGroup"
        case .describeGroups: return "DescribeGroups"
        case .listGroups: return "ListGroups"
        case .apiVersions: return "ApiVersions"
        case .createTopics: return "CreateTopics"
        case .deleteTopics: return "DeleteTopics"
        case .initProducerId: return "InitProducerId"
        case .addPartitionsToTxn: return "AddPartitionsToTxn"
        case .addOffsetsToTxn: return "AddOffsetsToTxn"
        case .endTxn: return "EndTxn"
        case .txnOffsetCommit: return "TxnOffsetCommit"
        case .describeConfigs: return "DescribeConfigs"
        case .deleteRecords: return "DeleteRecords"
        case .alterConfigs: return "AlterConfigs"
        case .createPartitions: return "CreatePartitions"
        case .incrementalAlterConfigs: return "IncrementalAlterConfigs"
        case .describeCluster: return "DescribeCluster"
        case .describeProducers: return "DescribeProducers"
        case .describeTransactions: return "DescribeTransactions"
        case .listTransactions: return "ListTransactions"
        }
    }
}
