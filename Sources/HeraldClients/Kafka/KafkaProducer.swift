import Foundation
import HeraldKafkaProtocol
import NIOCore
import NIOPosix

/// A record to produce.
public struct OutgoingRecord: Sendable, Hashable {
    public var topic: String
    /// nil is a null key (then records are spread round-robin).
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// Header keys and values, in order.
    public var headers: [RecordHeader]

    public init(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

public struct RecordHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// Where a record was written.
public struct DeliveredRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}

/// A minimal Kafka producer over plaintext TCP: ApiVersions, Metadata (topics auto-created where the cluster allows
/// it), then one Produce request per partition leader with `acks=all`, keyed records on the partition Kafka's
/// default murmur2 partitioner picks. Enough to put examples on any cluster reachable without TLS or SASL.
public struct KafkaProducer: Sendable {
    public var bootstrap: [KafkaAddress]
    public var clientId: String
    /// Metadata attempts while a topic has no leader yet (just auto-created).
    public var metadataAttempts = 20
    private let group: any EventLoopGroup

    public init(bootstrap: [KafkaAddress], clientId: String = "herald", group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.bootstrap = bootstrap
        self.clientId = clientId
        self.group = group
    }

    /// Produces the records, in order per partition; where each one landed, in the order given.
    public func send(_ records: [OutgoingRecord]) async throws -> [DeliveredRecord] {
        guard !records.isEmpty else { return [] }
        var connections: [KafkaAddress: KafkaConnection] = [:]
        do {
            let delivered = try await send(records, connections: &connections)
            for connection in connections.values { await connection.close() }
            return delivered
        } catch {
            for connection in connections.values { await connection.close() }
            throw error
        }
    }

    private func send(_ records: [OutgoingRecord], connections: inout [KafkaAddress: KafkaConnection]) async throws -> [DeliveredRecord] {
        let first = try await connectToBootstrap()
        connections[first.address] = first
        let versions = try await negotiate(first)

        let topics = Array(Set(records.map(\.topic))).sorted()
        var layout = try await metadata(for: topics, on: first, version: versions.metadata)

        // Partition each record: by key hash when keyed, round-robin otherwise.
        var partitionOf: [Int32] = []
        var roundRobin: [String: Int32] = [:]
        for record in records {
            let count = Int32(layout.partitions[record.topic]?.count ?? 1)
            if let key = record.key {
                partitionOf.append(KeyPartitioner.partition(forKey: key, partitions: count))
            } else {
                let next = roundRobin[record.topic, default: 0]
                roundRobin[record.topic] = (next + 1) % count
                partitionOf.append(next)
            }
        }

        var delivered = [DeliveredRecord?](repeating: nil, count: records.count)
        var pending = Array(records.indices)
        for attempt in 0..<3 {
            // Group the pending records by leader, then by topic and partition.
            var byLeader: [Int32: [String: [Int32: [Int]]]] = [:]
            for index in pending {
                let topic = records[index].topic, partition = partitionOf[index]
                guard let leader = layout.partitions[topic]?[partition] else {
                    throw KafkaClientError("\(topic) has no partition \(partition) in the cluster's metadata")
                }
                byLeader[leader, default: [:]][topic, default: [:]][partition, default: []].append(index)
            }
            var retry: [Int] = []
            for leader in byLeader.keys.sorted() {
                guard let address = layout.brokers[leader] else {
                    throw KafkaClientError("the metadata names leader \(leader), which is not among its brokers")
                }
                let connection: KafkaConnection
                if let open = connections[address] {
                    connection = open
                } else {
                    connection = try await KafkaConnection.connect(to: address, clientId: clientId, group: group)
                    connections[address] = connection
                }
                let batches = byLeader[leader] ?? [:]
                var request = ProduceRequest()
                request.acks = -1
                request.timeoutMs = 30_000
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                for topic in batches.keys.sorted() {
                    var partitions: [ProduceRequest.Partition] = []
                    for partition in (batches[topic] ?? [:]).keys.sorted() {
                        let indices = batches[topic]?[partition] ?? []
                        let kafkaRecords = indices.enumerated().map { offset, index in
                            Self.kafkaRecord(records[index], offsetDelta: Int32(offset))
                        }
                        var header = RecordBatchHeader()
                        header.baseTimestamp = now
                        header.maxTimestamp = now
                        let batch = try RecordBatch(records: kafkaRecords, header: header)
                        partitions.append(ProduceRequest.Partition(index: partition, records: batch.bytes))
                    }
                    request.topics.append(ProduceRequest.Topic(name: topic, partitions: partitions))
                }
                guard case .produce(let response) = try await connection.send(.produce(request), version: versions.produce) else {
                    throw KafkaClientError("the broker at \(address) answered Produce with another API")
                }
                for topic in response.topics {
                    for result in topic.partitions {
                        let indices = batches[topic.name]?[result.index] ?? []
                        if result.errorCode == .noError {
                            for (offset, index) in indices.enumerated() {
                                delivered[index] = DeliveredRecord(topic: topic.name, partition: result.index, offset: result.baseOffset + Int64(offset))
                            }
                        } else if attempt < 2, [.notLeaderOrFollower, .leaderNotAvailable, .requestTimedOut].contains(result.errorCode) {
                            retry += indices
                        } else {
                            var detail = result.errorMessage ?? ""
                            let recordErrors = result.recordErrors.map { "record \($0.batchIndex): \($0.message ?? "refused")" }
                            if !recordErrors.isEmpty { detail += (detail.isEmpty ? "" : "; ") + recordErrors.joined(separator: "; ") }
                            throw KafkaClientError.broker(result.errorCode, "producing to \(topic.name) partition \(result.index)", detail: detail)
                        }
                    }
                }
            }
            pending = retry.sorted()
            if pending.isEmpty { break }
            layout = try await metadata(for: topics, on: first, version: versions.metadata)
        }
        var out: [DeliveredRecord] = []
        for (index, record) in delivered.enumerated() {
            guard let record else { throw KafkaClientError("\(records[index].topic): no acknowledgement after retries") }
            out.append(record)
        }
        return out
    }

    static func kafkaRecord(_ record: OutgoingRecord, offsetDelta: Int32) -> KafkaRecord {
        KafkaRecord(
            offsetDelta: offsetDelta,
            key: record.key.map { ByteBuffer(bytes: $0) },
            value: record.value.map { ByteBuffer(bytes: $0) },
            headers: record.headers.map { KafkaRecordHeader(key: $0.key, value: ByteBuffer(bytes: $0.value)) })
    }

    private func connectToBootstrap() async throws -> KafkaConnection {
        var failures: [String] = []
        for address in bootstrap {
            do {
                return try await KafkaConnection.connect(to: address, clientId: clientId, group: group)
            } catch {
                failures.append("\(address): \(error)")
            }
        }
        throw KafkaClientError("cannot reach any bootstrap broker (\(failures.joined(separator: "; ")))")
    }

    /// The Produce and Metadata versions both sides speak: the highest Herald has that the broker accepts.
    private func negotiate(_ connection: KafkaConnection) async throws -> (produce: Int16, metadata: Int16) {
        guard case .apiVersions(let answer) = try await connection.send(.apiVersions(ApiVersionsRequest()), version: 0) else {
            throw KafkaClientError("\(connection.address) answered ApiVersions with another API")
        }
        guard answer.errorCode == .noError else { throw KafkaClientError.broker(answer.errorCode, "ApiVersions at \(connection.address)") }
        func pick(_ key: ApiKey) throws -> Int16 {
            guard let range = answer.apiKeys.first(where: { $0.apiKey == key.rawValue }) else {
                throw KafkaClientError("\(connection.address) does not offer \(key)")
            }
            let ours = key.supportedVersions
            let high = min(ours.upperBound, range.maxVersion), low = max(ours.lowerBound, range.minVersion)
            guard low <= high else {
                throw KafkaClientError("\(connection.address) offers \(key) v\(range.minVersion)-\(range.maxVersion); Herald speaks v\(ours.lowerBound)-\(ours.upperBound)")
            }
            return high
        }
        return (try pick(.produce), try pick(.metadata))
    }

    /// Partition leaders per topic and broker addresses, retried while topics are still being created.
    private func metadata(for topics: [String], on connection: KafkaConnection, version: Int16) async throws -> ClusterLayout {
        var lastProblem = ""
        for attempt in 0..<metadataAttempts {
            if attempt > 0 { try await Task.sleep(nanoseconds: 250_000_000) }
            var request = MetadataRequest()
            request.topics = topics
            request.allowAutoTopicCreation = true
            guard case .metadata(let answer) = try await connection.send(.metadata(request), version: version) else {
                throw KafkaClientError("\(connection.address) answered Metadata with another API")
            }
            var layout = ClusterLayout()
            for broker in answer.brokers {
                layout.brokers[broker.nodeId] = KafkaAddress(host: broker.host, port: Int(broker.port))
            }
            var ready = true
            for topic in answer.topics {
                switch topic.errorCode {
                case .noError:
                    var leaders: [Int32: Int32] = [:]
                    for partition in topic.partitions {
                        if partition.errorCode != .noError || partition.leaderId < 0 {
                            ready = false
                            lastProblem = "\(topic.name) partition \(partition.partitionIndex): \(partition.errorCode)"
                        }
                        leaders[partition.partitionIndex] = partition.leaderId
                    }
                    if leaders.isEmpty { ready = false; lastProblem = "\(topic.name) has no partitions yet" }
                    layout.partitions[topic.name] = leaders
                case .leaderNotAvailable, .unknownTopicOrPartition:
                    ready = false
                    lastProblem = "\(topic.name): \(topic.errorCode)"
                default:
                    throw KafkaClientError.broker(topic.errorCode, "metadata of \(topic.name)")
                }
            }
            if ready, topics.allSatisfy({ layout.partitions[$0] != nil }) { return layout }
        }
        throw KafkaClientError("topics not ready on the cluster (\(lastProblem)); create them, or allow auto-creation")
    }
}

/// Which broker leads each partition, and where brokers are.
struct ClusterLayout {
    var brokers: [Int32: KafkaAddress] = [:]
    /// Topic → partition → leader node ID.
    var partitions: [String: [Int32: Int32]] = [:]
}
