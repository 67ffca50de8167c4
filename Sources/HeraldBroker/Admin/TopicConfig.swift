/// The dynamic configs of one topic that Herald honours; nil means the broker's default.
public struct TopicConfig: Sendable, Hashable, Codable {
    /// `retention.ms`; -1 keeps everything.
    public var retentionMs: Int64?
    /// `retention.bytes` per partition; -1 keeps everything.
    public var retentionBytes: Int64?
    /// `max.message.bytes`: the largest record batch Produce accepts.
    public var maxMessageBytes: Int?
    /// `cleanup.policy`: only `delete` (compaction is not implemented).
    public var cleanupPolicy: String?

    /// The config names Herald honours, sorted.
    public static let names = ["cleanup.policy", "max.message.bytes", "retention.bytes", "retention.ms"]

    /// No overrides.
    public init() {}

    /// Sets (`value`) or resets to the default (nil) one config; an unknown name or a bad value is a message.
    public mutating func set(_ name: String, _ value: String?) -> String? {
        switch name {
        case "retention.ms":
            guard let value else { retentionMs = nil; return nil }
            guard let number = Int64(value), number >= -1 else { return "retention.ms must be an integer of at least -1, not '\(value)'" }
            retentionMs = number
        case "retention.bytes":
            guard let value else { retentionBytes = nil; return nil }
            guard let number = Int64(value), number >= -1 else { return "retention.bytes must be an integer of at least -1, not '\(value)'" }
            retentionBytes = number
        case "max.message.bytes":
            guard let value else { maxMessageBytes = nil; return nil }
            guard let number = Int(value), number >= 0, number <= Int(Int32.max) else {
                return "max.message.bytes must be an integer between 0 and 2147483647, not '\(value)'"
            }
            maxMessageBytes = number
        case "cleanup.policy":
            guard let value else { cleanupPolicy = nil; return nil }
            guard value == "delete" else { return "cleanup.policy '\(value)' is not supported (only delete)" }
            cleanupPolicy = value
        default:
            return "unknown or unsupported topic config '\(name)' (supported: \(Self.names.joined(separator: ", ")))"
        }
        return nil
    }

    /// The retention this topic's partitions follow.
    public func retention(default policy: RetentionPolicy) -> RetentionPolicy {
        var effective = policy
        if let retentionMs { effective.maxAgeMs = retentionMs < 0 ? nil : retentionMs }
        if let retentionBytes { effective.maxBytes = retentionBytes < 0 ? nil : Int(retentionBytes) }
        return effective
    }

    /// Each honoured config's value and whether it is the default, sorted by name.
    public func entries(defaults configuration: BrokerConfiguration) -> [(name: String, value: String, isDefault: Bool)] {
        let base = configuration.retention
        return [
            ("cleanup.policy", cleanupPolicy ?? "delete", cleanupPolicy == nil),
            ("max.message.bytes", "\(maxMessageBytes ?? configuration.maxBatchBytes)", maxMessageBytes == nil),
            ("retention.bytes", "\(retentionBytes ?? Int64(base.maxBytes ?? -1))", retentionBytes == nil),
            ("retention.ms", "\(retentionMs ?? base.maxAgeMs ?? -1)", retentionMs == nil),
        ]
    }
}
