import Foundation
import HeraldKafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A topic and partition.
public struct TopicPartition: Sendable, Hashable, Codable {
    public var topic: String
    public var partition: Int32
    /// A topic-partition pair.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}

/// Everything one broker holds: topics and their logs, groups, committed offsets, producer state.
/// One lock protects it; callbacks for parked calls run after the lock is released.
public final class BrokerState: @unchecked Sendable {
    struct Topic {
        var logs: [PartitionLog]
        var files: [PartitionSegmentFile]?
        /// Bytes dropped by retention since each file was last rewritten.
        var droppedSinceRewrite: [Int]
        /// Dynamic configs (AlterConfigs, IncrementalAlterConfigs).
        var config = TopicConfig()
    }

    struct FetchWaiter {
        var partitions: Set<TopicPartition>
        var wake: @Sendable () -> Void
    }

    let configuration: BrokerConfiguration
    let clock: @Sendable () -> Int64
    let logger: Logger
    let dataDirectory: BrokerDataDirectory?
    let lock = NIOLock()

    var topics: [String: Topic] = [:]
    var groups: [String: GroupStateMachine] = [:]
    var offsets = CommittedOffsets()
    var producers = ProducerStateTable()
    var transactions = TransactionCoordinator()
    var nextProducerId: Int64 = 1
    var nextCallID: UInt64 = 1
    var parkedJoins: [GroupStateMachine.CallID: @Sendable (GroupStateMachine.JoinResponse) -> Void] = [:]
    var parkedSyncs: [GroupStateMachine.CallID: @Sendable (GroupStateMachine.SyncResponse) -> Void] = [:]
    var fetchWaiters: [UInt64: FetchWaiter] = [:]
    var nextWaiterID: UInt64 = 1
    var compactionProgress: [TopicPartition: CompactionProgress] = [:]

    /// Opens the broker's state: recovers `--data-dir` when configured, then creates the initial topics.
    /// `clock` returns wall-clock milliseconds since 1970.
    public init(configuration: BrokerConfiguration, clock: @escaping @Sendable () -> Int64, logger: Logger) throws {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        if let root = configuration.dataDirectory {
            let directory = try BrokerDataDirectory(root: root)
            dataDirectory = directory
            try recover(from: directory)
        } else {
            dataDirectory = nil
        }
        for (name, partitions) in configuration.initialTopics.sorted(by: { $0.key < $1.key }) where topics[name] == nil {
            _ = try createTopicLocked(name, partitions: partitions)
        }
        try persistTopicsLocked()
    }

    /// Answers every parked call (joins and syncs with COORDINATOR_NOT_AVAILABLE, fetches with what is stored)
    /// and closes segment files; called on shutdown while the event loops still run.
    public func close() {
        let (joins, syncs, waiters) = lock.withLock {
            for topic in topics.values { topic.files?.forEach { $0.close() } }
            defer {
                parkedJoins = [:]
                parkedSyncs = [:]
                fetchWaiters = [:]
            }
            return (Array(parkedJoins.values), Array(parkedSyncs.values), Array(fetchWaiters.values))
        }
        for join in joins {
            join(.init(error: .coordinatorNotAvailable, generation: -1, protocolType: nil, protocolName: "", leader: "", memberId: "", members: []))
        }
        for sync in syncs { sync(.init(error: .coordinatorNotAvailable, assignment: [])) }
        for waiter in waiters { waiter.wake() }
    }

    // MARK: Recovery and persistence

    private func recover(from directory: BrokerDataDirectory) throws {
        offsets = try directory.loadOffsets()
        nextProducerId = try directory.loadNextProducerId()
        let configs = try directory.loadTopicConfigs()
        for (name, partitions) in try directory.loadTopics().sorted(by: { $0.key < $1.key }) {
            var topic = Topic(logs: [], files: [], droppedSinceRewrite: [])
            for partition in 0..<partitions {
                let url = directory.segmentURL(topic: name, partition: partition)
                let (file, batches, truncated) = try PartitionSegmentFile.openRecovering(at: url, isIntact: BatchIntegrity.isIntact)
                if truncated > 0 {
                    logger.warning("truncated torn segment tail", metadata: [
                        "topic": "\(name)", "partition": "\(partition)", "bytes": "\(truncated)"])
                }
                var log = PartitionLog(startOffset: directory.loadLogStart(topic: name, partition: partition))
                let now = clock()
                let headers = try batches.map { try log.restore($0, appendTimeMs: now) }
                // The torn tail is already cut, so the producer state matches what is on disk.
                producers.restore(topic: name, partition: partition, from: headers)
                log.advanceStart(to: directory.loadLogStart(topic: name, partition: partition))
                // Compaction may have removed the first batches while the log start stayed.
                if configs[name]?.compacts == true { log.restoreStart(directory.loadLogStart(topic: name, partition: partition)) }
                topic.logs.append(log)
                topic.files?.append(file)
                topic.droppedSinceRewrite.append(0)
            }
            topic.config = configs[name] ?? TopicConfig()
            topics[name] = topic
            logger.debug("recovered topic", metadata: ["topic": "\(name)", "partitions": "\(partitions)"])
        }
        transactions = try directory.loadTransactions()
        recoverTransactionsLocked()
    }

    func persistTopicsLocked() throws {
        try dataDirectory?.saveTopics(topics.mapValues { Int32($0.logs.count) })
    }

    func persistOffsetsLocked() {
        do { try dataDirectory?.saveOffsets(offsets) } catch {
            logger.error("could not persist committed offsets", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Topics

    /// Names and partition counts of all topics, sorted by name.
    public func topicList() -> [(name: String, partitions: Int32)] {
        lock.withLock { topics.keys.sorted().map { ($0, Int32(topics[$0]?.logs.count ?? 0)) } }
    }

    /// The partition count of a topic, or nil when it does not exist.
    public func partitionCount(_ topic: String) -> Int32? {
        lock.withLock { topics[topic].map { Int32($0.logs.count) } }
    }

    /// Creates a topic with `configs` (CreateTopics' topic configs; an unknown name or bad value is
    /// INVALID_CONFIG); `validateOnly` checks without creating.
    public func createTopic(_ name: String, partitions: Int32, configs: [(name: String, value: String?)] = [],
                            validateOnly: Bool = false) -> (ErrorCode, String?) {
        guard TopicName.isValid(name) else { return (.invalidTopic, "topic name must match [A-Za-z0-9._-]{1,249}") }
        guard partitions >= 1, partitions <= 10_000 else { return (.invalidPartitions, "partitions must be between 1 and 10000") }
        var config = TopicConfig()
        for change in configs {
            if let problem = config.set(change.name, change.value) { return (.invalidConfig, problem) }
        }
        return lock.withLock {
            if topics[name] != nil { return (.topicAlreadyExists, "topic '\(name)' already exists") }
            if validateOnly { return (.noError, nil) }
            do {
                _ = try createTopicLocked(name, partitions: partitions)
                try persistTopicsLocked()
                if config != TopicConfig() {
                    topics[name]?.config = config
                    try persistTopicConfigsLocked()
                }
                return (.noError, nil)
            } catch {
                logger.error("could not create topic", metadata: ["topic": "\(name)", "error": "\(error)"])
                return (.unknownServerError, "could not create topic: \(error)")
            }
        }
    }

    /// Returns the topic's partition count (0 with the error when there is none), creating it with the default
    /// count when `autoCreate` allows.
    public func ensureTopic(_ name: String, autoCreate: Bool) -> (error: ErrorCode, partitions: Int32) {
        guard TopicName.isValid(name) else { return (.invalidTopic, 0) }
        return lock.withLock {
            if let topic = topics[name] { return (.noError, Int32(topic.logs.count)) }
            guard autoCreate else { return (.unknownTopicOrPartition, 0) }
            do {
                let created = try createTopicLocked(name, partitions: configuration.defaultPartitions)
                try persistTopicsLocked()
                logger.info("auto-created topic", metadata: ["topic": "\(name)", "partitions": "\(created)"])
                return (.noError, created)
            } catch {
                logger.error("could not create topic", metadata: ["topic": "\(name)", "error": "\(error)"])
                return (.unknownServerError, 0)
            }
        }
    }

    private func createTopicLocked(_ name: String, partitions: Int32) throws -> Int32 {
        var topic = Topic(logs: Array(repeating: PartitionLog(), count: Int(partitions)), files: nil,
                          droppedSinceRewrite: Array(repeating: 0, count: Int(partitions)))
        if let directory = dataDirectory {
            topic.files = try (0..<partitions).map { partition in
                try PartitionSegmentFile.openRecovering(at: directory.segmentURL(topic: name, partition: partition)).file
            }
        }
        topics[name] = topic
        return partitions
    }

    /// Deletes a topic with its data, commits and producer state.
    public func deleteTopic(_ name: String) -> ErrorCode {
        let (found, waiters): (Bool, [FetchWaiter]) = lock.withLock {
            guard let topic = topics.removeValue(forKey: name) else { return (false, []) }
            topic.files?.forEach { try? $0.remove() }
            try? dataDirectory?.removeTopicFiles(name)
            try? persistTopicsLocked()
            try? persistTopicConfigsLocked()
            offsets.removeTopic(name)
            persistOffsetsLocked()
            producers.removeTopic(name)
            transactions.removeTopic(name)
            compactionProgress = compactionProgress.filter { $0.key.topic != name }
            persistTransactionsLocked()
            return (true, fetchWaiters.values.filter { $0.partitions.contains { $0.topic == name } })
        }
        waiters.forEach { $0.wake() }
        return found ? .noError : .unknownTopicOrPartition
    }

    /// Whether the topic exists (for DeleteTopics' error answer).
    public func hasTopic(_ name: String) -> Bool {
        lock.withLock { topics[name] != nil }
    }

    // MARK: Producer ids

    /// Hands out a fresh producer id (persisted counter with a data directory).
    public func allocateProducerId() -> Int64 {
        lock.withLock { allocateProducerIdLocked() }
    }

    func allocateProducerIdLocked() -> Int64 {
        let id = nextProducerId
        nextProducerId += 1
        do { try dataDirectory?.saveNextProducerId(nextProducerId) } catch {
            logger.error("could not persist producer id counter", metadata: ["error": "\(error)"])
        }
        return id
    }
}
