import Foundation

/// The `--data-dir` layout: topic list, committed offsets, producer-id counter and one segment file per partition.
///
///     DIR/topics.json                      {"topics": {"name": partitions}}
///     DIR/offsets.json                     committed offsets by group, topic, partition
///     DIR/producer-ids.json                {"nextProducerId": N}
///     DIR/topic-configs.json               topic configs set by AlterConfigs / IncrementalAlterConfigs
///     DIR/transactions.json                the transaction coordinator: transactional ids, epochs, open transactions
///     DIR/logs/<topic>/<partition>.log     length-prefixed stored batches
///     DIR/logs/<topic>/<partition>.start   log start offset after retention (decimal text)
public struct BrokerDataDirectory: Sendable {
    /// The directory.
    public let root: URL

    /// A data directory at `root` (created when missing).
    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("logs"), withIntermediateDirectories: true)
    }

    private struct TopicsFile: Codable { var topics: [String: Int32] }
    private struct ProducerIdsFile: Codable { var nextProducerId: Int64 }

    /// The persisted topics and their partition counts.
    public func loadTopics() throws -> [String: Int32] {
        try load(TopicsFile.self, from: "topics.json")?.topics ?? [:]
    }

    /// Persists the topics.
    public func saveTopics(_ topics: [String: Int32]) throws {
        try save(TopicsFile(topics: topics), to: "topics.json")
    }

    /// The persisted committed offsets.
    public func loadOffsets() throws -> CommittedOffsets {
        try load(CommittedOffsets.self, from: "offsets.json") ?? CommittedOffsets()
    }

    /// Persists committed offsets.
    public func saveOffsets(_ offsets: CommittedOffsets) throws {
        try save(offsets, to: "offsets.json")
    }

    /// The next producer id to hand out (1 on a fresh directory).
    public func loadNextProducerId() throws -> Int64 {
        try load(ProducerIdsFile.self, from: "producer-ids.json")?.nextProducerId ?? 1
    }

    /// Persists the producer-id counter.
    public func saveNextProducerId(_ next: Int64) throws {
        try save(ProducerIdsFile(nextProducerId: next), to: "producer-ids.json")
    }

    /// The persisted topic configs (topics without overrides are absent).
    public func loadTopicConfigs() throws -> [String: TopicConfig] {
        try load([String: TopicConfig].self, from: "topic-configs.json") ?? [:]
    }

    /// Persists the topic configs.
    public func saveTopicConfigs(_ configs: [String: TopicConfig]) throws {
        try save(configs, to: "topic-configs.json")
    }

    /// The persisted transaction coordinator (empty on a fresh directory).
    public func loadTransactions() throws -> TransactionCoordinator {
        try load(TransactionCoordinator.self, from: "transactions.json") ?? TransactionCoordinator()
    }

    /// Persists the transaction coordinator.
    public func saveTransactions(_ coordinator: TransactionCoordinator) throws {
        try save(coordinator, to: "transactions.json")
    }

    /// The segment file of a partition.
    public func segmentURL(topic: String, partition: Int32) -> URL {
        root.appendingPathComponent("logs").appendingPathComponent(topic).appendingPathComponent("\(partition).log")
    }

    /// The persisted log start offset of a partition (0 when never advanced).
    public func loadLogStart(topic: String, partition: Int32) -> Int64 {
        let url = segmentURL(topic: topic, partition: partition).deletingPathExtension().appendingPathExtension("start")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return 0 }
        return Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Persists a partition's log start offset.
    public func saveLogStart(_ offset: Int64, topic: String, partition: Int32) throws {
        let url = segmentURL(topic: topic, partition: partition).deletingPathExtension().appendingPathExtension("start")
        try Data("\(offset)\n".utf8).write(to: url, options: .atomic)
    }

    /// Removes a deleted topic's files.
    public func removeTopicFiles(_ topic: String) throws {
        let dir = root.appendingPathComponent("logs").appendingPathComponent(topic)
        if FileManager.default.fileExists(atPath: dir.path) { try FileManager.default.removeItem(at: dir) }
    }

    private func load<T: Decodable>(_ type: T.Type, from name: String) throws -> T? {
        let url = root.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    private func save<T: Encodable>(_ value: T, to name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(value).write(to: root.appendingPathComponent(name), options: .atomic)
    }
}
