/// Offsets committed by consumer groups, keyed by group, topic and partition.
public struct CommittedOffsets: Sendable, Hashable, Codable {
    /// One committed position with the consumer's metadata string.
    public struct Position: Sendable, Hashable, Codable {
        public var offset: Int64
        public var metadata: String
        /// A committed position.
        public init(offset: Int64, metadata: String) {
            self.offset = offset
            self.metadata = metadata
        }
    }

    /// group → topic → partition → position.
    public private(set) var groups: [String: [String: [Int32: Position]]] = [:]

    /// No commits.
    public init() {}

    /// Stores a commit.
    public mutating func commit(group: String, topic: String, partition: Int32, position: Position) {
        groups[group, default: [:]][topic, default: [:]][partition] = position
    }

    /// The committed position, if any.
    public func position(group: String, topic: String, partition: Int32) -> Position? {
        groups[group]?[topic]?[partition]
    }

    /// Everything a group committed, topics sorted, partitions ascending.
    public func all(group: String) -> [(topic: String, partition: Int32, position: Position)] {
        guard let topics = groups[group] else { return [] }
        return topics.keys.sorted().flatMap { topic in
            (topics[topic] ?? [:]).sorted { $0.key < $1.key }.map { (topic, $0.key, $0.value) }
        }
    }

    /// Forgets commits for a deleted topic.
    public mutating func removeTopic(_ topic: String) {
        for group in groups.keys { groups[group]?[topic] = nil }
    }
}
