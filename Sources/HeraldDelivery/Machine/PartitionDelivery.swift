/// Delivery of one partition to one service, as a value: the next offset to settle, the failed attempts of the
/// record at that offset, and when it may be tried again. Records are settled strictly in offset order.
public struct PartitionDelivery: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    /// The first offset not yet settled (delivered, skipped as a duplicate, or dead-lettered): the group's
    /// committed position.
    public private(set) var nextOffset: Int64
    /// Failed attempts of the record at `nextOffset`.
    public private(set) var failures: Int = 0
    /// When the record at `nextOffset` may be tried again (ms since the epoch); nil when it may be tried now.
    public private(set) var retryAtMs: Int64?
    /// The last failure of the record at `nextOffset`.
    public private(set) var lastFailure: DeliveryFailure?

    public init(topic: String, partition: Int32, nextOffset: Int64) {
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
    }

    /// What to do with the record at `nextOffset` now.
    public enum Step: Sendable, Hashable {
        /// Send it; `attempt` counts from 1.
        case deliver(attempt: Int)
        /// Nothing before `untilMs`: it is backing off.
        case wait(untilMs: Int64)
    }

    public func step(nowMs: Int64) -> Step {
        if let retryAtMs, retryAtMs > nowMs { return .wait(untilMs: retryAtMs) }
        return .deliver(attempt: failures + 1)
    }

    /// What follows a failed attempt.
    public enum AfterFailure: Sendable, Hashable {
        /// Try again at `atMs`; `retry` counts the retries from 1.
        case retry(retry: Int, atMs: Int64)
        /// Out of retries (or not retriable): dead-letter the record after `attempts` attempts; the offset moved on.
        case deadLetter(attempts: Int, failure: DeliveryFailure)
    }

    /// The record at `nextOffset` was delivered, or skipped: move past it. Returns the new committed position.
    public mutating func settle() -> Int64 {
        nextOffset += 1
        failures = 0
        retryAtMs = nil
        lastFailure = nil
        return nextOffset
    }

    /// The record at `nextOffset` failed with `failure` at `nowMs`.
    public mutating func fail(_ failure: DeliveryFailure, policy: RetryPolicy, nowMs: Int64) -> AfterFailure {
        failures += 1
        lastFailure = failure
        guard failure.isRetriable, failures <= policy.retries else {
            let attempts = failures
            _ = settle()
            return .deadLetter(attempts: attempts, failure: failure)
        }
        let at = nowMs + policy.delay(beforeRetry: failures)
        retryAtMs = at
        return .retry(retry: failures, atMs: at)
    }

    /// Moves to `offset` without delivering what lies before it (control records, aborted transactions, records
    /// removed by retention). Never moves backwards.
    public mutating func skip(to offset: Int64) {
        guard offset > nextOffset else { return }
        nextOffset = offset
        failures = 0
        retryAtMs = nil
        lastFailure = nil
    }

    /// True while the record at `nextOffset` has failed and waits for a retry.
    public var isRetrying: Bool { failures > 0 }
}
