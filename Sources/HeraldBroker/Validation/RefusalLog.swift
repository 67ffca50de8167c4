import Foundation
import HeraldKafkaProtocol
import NIOConcurrencyHelpers

/// One produce attempt the validator refused: the batch was answered with INVALID_RECORD and nothing was appended.
public struct ProduceRefusal: Sendable, Hashable {
    /// One of the refused batch's records, as the producer sent it.
    public struct Record: Sendable, Hashable {
        /// The record's position in its batch.
        public var batchIndex: Int
        public var timestamp: Int64
        public var key: [UInt8]?
        public var value: [UInt8]?
        public var headers: [(key: String, value: [UInt8]?)] {
            zip(headerKeys, headerValues).map { ($0, $1) }
        }
        var headerKeys: [String]
        var headerValues: [[UInt8]?]
        /// Why this record failed; nil for a record that passed in a batch refused for another record.
        public var error: RecordValidationError?

        public init(batchIndex: Int, timestamp: Int64, key: [UInt8]?, value: [UInt8]?,
                    headers: [(key: String, value: [UInt8]?)], error: RecordValidationError?) {
            self.batchIndex = batchIndex
            self.timestamp = timestamp
            self.key = key
            self.value = value
            self.headerKeys = headers.map(\.key)
            self.headerValues = headers.map(\.value)
            self.error = error
        }
    }

    /// Counts refusals since the broker started; increases by one per refusal.
    public var sequence: UInt64
    /// Wall-clock milliseconds since 1970 when the batch was refused.
    public var time: Int64
    public var topic: String
    public var partition: Int32
    /// The message the producer was answered with.
    public var message: String
    public var records: [Record]
}

/// The most recent refused produce attempts, for `herald serve`'s live layer; bounded, oldest dropped first.
public final class RefusalLog: Sendable {
    private struct Ring {
        var entries: [ProduceRefusal] = []
        var next: UInt64 = 1
    }

    public let capacity: Int
    /// Records kept per refusal; a larger batch keeps its first ones (the failing ones first).
    public let recordsPerRefusal: Int
    private let ring = NIOLockedValueBox(Ring())

    public init(capacity: Int = 500, recordsPerRefusal: Int = 20) {
        self.capacity = max(1, capacity)
        self.recordsPerRefusal = max(1, recordsPerRefusal)
    }

    /// Stores a refusal and returns it with its sequence number.
    @discardableResult
    public func add(time: Int64, topic: String, partition: Int32, message: String, records: [ProduceRefusal.Record]) -> ProduceRefusal {
        let kept = Array(records.sorted { ($0.error == nil ? 1 : 0, $0.batchIndex) < ($1.error == nil ? 1 : 0, $1.batchIndex) }
            .prefix(recordsPerRefusal))
        return ring.withLockedValue { ring in
            let refusal = ProduceRefusal(sequence: ring.next, time: time, topic: topic, partition: partition, message: message, records: kept)
            ring.next += 1
            ring.entries.append(refusal)
            if ring.entries.count > capacity { ring.entries.removeFirst(ring.entries.count - capacity) }
            return refusal
        }
    }

    /// The refusals kept with a sequence number above `sequence`, oldest first.
    public func after(_ sequence: UInt64) -> [ProduceRefusal] {
        ring.withLockedValue { ring in ring.entries.filter { $0.sequence > sequence } }
    }

    /// The latest refusals on `topic` (all topics when nil), newest first, at most `limit`.
    public func recent(topic: String?, limit: Int) -> [ProduceRefusal] {
        ring.withLockedValue { ring in
            Array(ring.entries.reversed().lazy.filter { topic == nil || $0.topic == topic }.prefix(max(0, limit)))
        }
    }

    /// The sequence number of the latest refusal; 0 before the first.
    public var latestSequence: UInt64 {
        ring.withLockedValue { $0.next - 1 }
    }
}

/// A validator that keeps each batch its inner validator rejects in a `RefusalLog`; it answers exactly as the inner one.
public struct RefusalRecordingValidator: ProduceValidator {
    public let inner: any ProduceValidator
    public let log: RefusalLog
    let clock: @Sendable () -> Int64

    public init(_ inner: any ProduceValidator, log: RefusalLog,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.inner = inner
        self.log = log
        self.clock = clock
    }

    public var statistics: ProduceStatistics? { inner.statistics }

    public func validate(topic: String, partition: Int32, batch: RecordBatch, limits: RecordBatchLimits) throws -> RecordValidationResult {
        let result = try inner.validate(topic: topic, partition: partition, batch: batch, limits: limits)
        if case .rejected(let errors, let message) = result {
            let failing = Dictionary(errors.map { (Int($0.batchIndex), $0) }, uniquingKeysWith: { first, _ in first })
            // The inner validator has read the records already, so they parse.
            let records = (try? batch.records(limits: limits)) ?? []
            let kept = records.enumerated().map { index, record in
                ProduceRefusal.Record(
                    batchIndex: index, timestamp: batch.header.baseTimestamp &+ record.timestampDelta,
                    key: record.key.map { Array($0.readableBytesView) }, value: record.value.map { Array($0.readableBytesView) },
                    headers: record.headers.map { ($0.key, $0.value.map { Array($0.readableBytesView) }) }, error: failing[index])
            }
            log.add(time: clock(), topic: topic, partition: partition, message: message, records: kept)
        }
        return result
    }
}
