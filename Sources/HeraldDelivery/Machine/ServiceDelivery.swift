/// Delivery to one service, as a value: its partitions' states, the event IDs it received within the dedup
/// window, and the counts the live site shows. The driver feeds it records and attempt outcomes and carries out
/// what it answers; it does no I/O and reads no clock.
public struct ServiceDelivery: Sendable, Hashable {
    public let service: String
    public private(set) var partitions: [PartitionKey: PartitionDelivery]
    public private(set) var dedup: DedupWindow
    public private(set) var counts = DeliveryCounts()

    public struct PartitionKey: Sendable, Hashable, Comparable {
        public var topic: String
        public var partition: Int32
        public init(_ topic: String, _ partition: Int32) {
            self.topic = topic
            self.partition = partition
        }
        public static func < (a: Self, b: Self) -> Bool { (a.topic, a.partition) < (b.topic, b.partition) }
    }

    /// `start` gives each partition's first offset to deliver (the committed position, else the log start).
    public init(service: String, start: [PartitionKey: Int64], dedupWindowMilliseconds: Int64) {
        self.service = service
        self.partitions = Dictionary(uniqueKeysWithValues: start.map {
            ($0.key, PartitionDelivery(topic: $0.key.topic, partition: $0.key.partition, nextOffset: $0.value))
        })
        self.dedup = DedupWindow(windowMilliseconds: dedupWindowMilliseconds)
    }

    /// What to do with the record at a partition's next offset.
    public enum Decision: Sendable, Hashable {
        /// Send it (attempt counts from 1).
        case deliver(attempt: Int)
        /// Backing off until `untilMs`.
        case wait(untilMs: Int64)
        /// Its event ID was delivered within the window: it was counted and skipped; commit `nextOffset`.
        case duplicate(nextOffset: Int64)
    }

    /// Decides about the record at `offset` of `key`, whose event ID is `eventID` (nil: not deduplicated).
    /// A record at any other offset than the partition's next one is a caller's bug and is answered with `wait`
    /// of 0 so nothing is sent twice.
    public mutating func decide(_ key: PartitionKey, offset: Int64, eventID: String?, nowMs: Int64) -> Decision {
        guard var state = partitions[key], state.nextOffset == offset else { return .wait(untilMs: 0) }
        if !state.isRetrying, let eventID, dedup.contains(eventID, nowMs: nowMs) {
            let next = state.settle()
            partitions[key] = state
            counts.duplicates += 1
            return .duplicate(nextOffset: next)
        }
        switch state.step(nowMs: nowMs) {
        case .wait(let until): return .wait(untilMs: until)
        case .deliver(let attempt): return .deliver(attempt: attempt)
        }
    }

    /// The record at the partition's next offset was accepted by the endpoint; returns the position to commit.
    public mutating func delivered(_ key: PartitionKey, eventID: String?, nowMs: Int64) -> Int64? {
        guard var state = partitions[key] else { return nil }
        let wasRetrying = state.isRetrying
        let next = state.settle()
        partitions[key] = state
        if let eventID { dedup.record(eventID, nowMs: nowMs) }
        counts.delivered += 1
        if wasRetrying { counts.retrying -= 1 }
        return next
    }

    /// The record at the partition's next offset failed; after a `.deadLetter` answer the position moved on and
    /// the caller writes the dead letter and commits `nextOffset(of:)`.
    public mutating func failed(_ key: PartitionKey, _ failure: DeliveryFailure, policy: RetryPolicy, nowMs: Int64) -> PartitionDelivery.AfterFailure? {
        guard var state = partitions[key] else { return nil }
        let wasRetrying = state.isRetrying
        let after = state.fail(failure, policy: policy, nowMs: nowMs)
        partitions[key] = state
        counts.failures += 1
        switch after {
        case .retry:
            counts.retries += 1
            if !wasRetrying { counts.retrying += 1 }
        case .deadLetter:
            counts.deadLettered += 1
            if wasRetrying { counts.retrying -= 1 }
        }
        return after
    }

    /// Moves a partition past records that are not delivered (control batches, aborted transactions, retention).
    public mutating func skip(_ key: PartitionKey, to offset: Int64) {
        guard var state = partitions[key] else { return }
        if state.isRetrying && offset > state.nextOffset { counts.retrying -= 1 }
        state.skip(to: offset)
        partitions[key] = state
    }

    public func nextOffset(of key: PartitionKey) -> Int64? { partitions[key]?.nextOffset }
}

/// What happened to a service's records so far (since this `serve` started).
public struct DeliveryCounts: Sendable, Hashable, Codable {
    /// Records the endpoint accepted.
    public var delivered = 0
    /// Retry attempts made or scheduled.
    public var retries = 0
    /// Records waiting for a retry now.
    public var retrying = 0
    /// Records sent to the dead-letter topic (or dropped when the event has none) after the last retry.
    public var deadLettered = 0
    /// Records skipped because their event ID was delivered within the dedup window.
    public var duplicates = 0
    /// Failed attempts.
    public var failures = 0

    public init() {}
}
