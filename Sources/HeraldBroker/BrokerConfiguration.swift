import Foundation

/// Settings of one embedded broker.
public struct BrokerConfiguration: Sendable {
    /// Interface to listen on.
    public var host: String = "127.0.0.1"
    /// Kafka listener port; 0 picks a free one.
    public var kafkaPort: Int = 9092
    /// Where logs and metadata persist; nil keeps everything in memory.
    public var dataDirectory: URL?
    /// Topics (name → partitions) that exist from the start.
    public var initialTopics: [String: Int32] = [:]
    /// Partitions of auto-created topics and of CreateTopics with num_partitions -1.
    public var defaultPartitions: Int32 = 1
    /// Retention applied to every partition.
    public var retention: RetentionPolicy = .unlimited
    /// Largest request frame accepted; larger ones close the connection.
    public var maxFrameBytes: Int = 100 * 1024 * 1024
    /// Largest record batch accepted by Produce (Kafka's default message.max.bytes).
    public var maxBatchBytes: Int = 1_048_588
    /// When appended batches reach stable storage (with a data directory).
    public var fsync: FsyncPolicy = .always
    /// How often `FsyncPolicy.interval` syncs the segments written since the last sync.
    public var fsyncIntervalMs: Int64 = 1_000
    /// A connection with no request in flight that completes no request frame for this long is closed
    /// (Kafka's connections.max.idle.ms); covers clients that send nothing or stop halfway through a frame.
    public var idleTimeoutMs: Int64 = 600_000
    /// Open client connections beyond this are closed as soon as they are accepted.
    public var maxConnections: Int = 1_000
    /// Requests a connection may have in flight before the broker stops reading from it.
    public var maxInFlightPerConnection: Int = 16
    /// Test only (0, off, by default): holds every Produce response this many milliseconds after its batches were
    /// appended, so a crash test can kill the broker between the append and the acknowledgement every time.
    public var testProduceAckDelayMs: Int64 = 0
    /// How long a new, empty consumer group waits for more members before its first rebalance completes.
    public var groupInitialDelayMs: Int64 = 300
    /// How often the produce-validation counts per topic are logged (only topics whose counts changed).
    public var validationReportIntervalMs: Int64 = 30_000

    /// The defaults: loopback, port 9092, in memory.
    public init() {}
}

/// When segment writes are flushed to stable storage (`--fsync`); what a power loss can cost differs, a crash of
/// the process alone loses nothing acknowledged in any mode (the bytes are in the kernel's page cache).
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// Before every produce response: a power loss loses nothing acknowledged.
    case always
    /// Every `fsyncIntervalMs`: a power loss can lose what was acknowledged in the last interval.
    case interval
    /// Left to the kernel's writeback (about 30 s on Linux): a power loss can lose that much.
    case never
}

/// Topic name rules shared by Metadata, CreateTopics and the command line.
public enum TopicName {
    /// Kafka's legal topic names: `[A-Za-z0-9._-]{1,249}`, except `.` and `..`.
    public static func isValid(_ name: String) -> Bool {
        guard (1...249).contains(name.utf8.count), name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }

    /// Parses `NAME[:PARTITIONS]` as given to `--topic`.
    public static func parseSpec(_ spec: String, defaultPartitions: Int32) -> (name: String, partitions: Int32)? {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard isValid(name) else { return nil }
        if parts.count == 1 { return (name, defaultPartitions) }
        guard let count = Int32(parts[1]), count >= 1, count <= 10_000 else { return nil }
        return (name, count)
    }
}
