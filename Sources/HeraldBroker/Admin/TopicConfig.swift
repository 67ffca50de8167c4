import Foundation

/// The dynamic configs of one topic that Herald honours; nil means the broker's default.
public struct TopicConfig: Sendable, Hashable, Codable {
    /// `retention.ms`; -1 keeps everything.
    public var retentionMs: Int64?
    /// `retention.bytes` per partition; -1 keeps everything.
    public var retentionBytes: Int64?
    /// `max.message.bytes`: the largest record batch Produce accepts.
    public var maxMessageBytes: Int?
    /// `cleanup.policy`: `delete`, `compact` or `compact,delete` (stored in that spelling).
    public var cleanupPolicy: String?
    /// `delete.retention.ms`: how long a tombstone outlives its timestamp once it is the last record of its key.
    public var deleteRetentionMs: Int64?
    /// `min.cleanable.dirty.ratio`: the share of a partition's bytes appended since its last compaction that
    /// starts the next one.
    public var minCleanableDirtyRatio: Double?
    /// `min.compaction.lag.ms`: records younger than this (by timestamp) are not compacted yet.
    public var minCompactionLagMs: Int64?
    /// `segment.ms`: accepted and reported; Herald keeps one segment per partition, so it changes nothing.
    public var segmentMs: Int64?
    /// `segment.bytes`: accepted and reported; changes nothing, as `segment.ms`.
    public var segmentBytes: Int64?

    /// The config names Herald accepts, sorted.
    public static let names = [
        "cleanup.policy", "delete.retention.ms", "max.message.bytes", "min.cleanable.dirty.ratio",
        "min.compaction.lag.ms", "retention.bytes", "retention.ms", "segment.bytes", "segment.ms",
    ]

    /// Kafka's defaults for the compaction configs.
    public static let defaultDeleteRetentionMs: Int64 = 86_400_000
    public static let defaultMinCleanableDirtyRatio = 0.5
    public static let defaultSegmentMs: Int64 = 604_800_000
    public static let defaultSegmentBytes: Int64 = 1_073_741_824

    /// Whether the policy includes `compact`.
    public var compacts: Bool { cleanupPolicy?.contains("compact") == true }
    /// Whether the policy includes `delete` (the default): retention applies.
    public var deletes: Bool { cleanupPolicy.map { $0.contains("delete") } ?? true }

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
            let policies = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            guard !policies.isEmpty, policies.isSubset(of: ["compact", "delete"]) else {
                return "cleanup.policy must be delete, compact or compact,delete, not '\(value)'"
            }
            cleanupPolicy = policies.sorted().joined(separator: ",")
        case "delete.retention.ms":
            guard let value else { deleteRetentionMs = nil; return nil }
            guard let number = Int64(value), number >= 0 else { return "delete.retention.ms must be an integer of at least 0, not '\(value)'" }
            deleteRetentionMs = number
        case "min.cleanable.dirty.ratio":
            guard let value else { minCleanableDirtyRatio = nil; return nil }
            guard let ratio = Double(value), ratio >= 0, ratio <= 1 else {
                return "min.cleanable.dirty.ratio must be a number between 0 and 1, not '\(value)'"
            }
            minCleanableDirtyRatio = ratio
        case "min.compaction.lag.ms":
            guard let value else { minCompactionLagMs = nil; return nil }
            guard let number = Int64(value), number >= 0 else { return "min.compaction.lag.ms must be an integer of at least 0, not '\(value)'" }
            minCompactionLagMs = number
        case "segment.ms":
            guard let value else { segmentMs = nil; return nil }
            guard let number = Int64(value), number >= 1 else { return "segment.ms must be an integer of at least 1, not '\(value)'" }
            segmentMs = number
        case "segment.bytes":
            guard let value else { segmentBytes = nil; return nil }
            guard let number = Int64(value), number >= 14, number <= Int64(Int32.max) else {
                return "segment.bytes must be an integer between 14 and 2147483647, not '\(value)'"
            }
            segmentBytes = number
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
            ("delete.retention.ms", "\(deleteRetentionMs ?? Self.defaultDeleteRetentionMs)", deleteRetentionMs == nil),
            ("max.message.bytes", "\(maxMessageBytes ?? configuration.maxBatchBytes)", maxMessageBytes == nil),
            ("min.cleanable.dirty.ratio", "\(minCleanableDirtyRatio ?? Self.defaultMinCleanableDirtyRatio)",
             minCleanableDirtyRatio == nil),
            ("min.compaction.lag.ms", "\(minCompactionLagMs ?? 0)", minCompactionLagMs == nil),
            ("retention.bytes", "\(retentionBytes ?? Int64(base.maxBytes ?? -1))", retentionBytes == nil),
            ("retention.ms", "\(retentionMs ?? base.maxAgeMs ?? -1)", retentionMs == nil),
            ("segment.bytes", "\(segmentBytes ?? Self.defaultSegmentBytes)", segmentBytes == nil),
            ("segment.ms", "\(segmentMs ?? Self.defaultSegmentMs)", segmentMs == nil),
        ]
    }
}
