import HeraldBroker
import HeraldKafkaProtocol

/// One record as stored in a partition's log, before decoding.
public struct StoredRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [LiveRecord.Header]
}

/// Reads records out of the broker's state by offset, in-process: committed records only, without control records
/// and without the records of aborted transactions (as a read_committed consumer sees them).
public struct RecordReader: Sendable {
    public let state: BrokerState
    /// Bytes asked of the log per read.
    var chunkBytes = 1 << 20

    public init(state: BrokerState) { self.state = state }

    /// The log start and end offset of each partition of `topic`; nil when the topic does not exist.
    public func bounds(topic: String) -> [(start: Int64, end: Int64)]? {
        guard let partitions = state.partitionCount(topic) else { return nil }
        return (0..<partitions).map { partition in
            let tp = TopicPartition(topic, partition)
            return (state.listOffset(tp, timestamp: -2).offset, state.listOffset(tp, timestamp: -1, readCommitted: true).offset)
        }
    }

    /// The latest `limit` records of `topic` across its partitions, newest first (by timestamp, then offset); nil
    /// when the topic does not exist.
    public func recent(topic: String, limit: Int) -> [StoredRecord]? {
        guard let bounds = bounds(topic: topic) else { return nil }
        guard limit > 0 else { return [] }
        var all: [StoredRecord] = []
        for (partition, bound) in bounds.enumerated() {
            let from = max(bound.start, bound.end - Int64(limit))
            let records = read(TopicPartition(topic, Int32(partition)), from: from, to: bound.end)
            all += records.suffix(limit)
        }
        all.sort { ($0.timestamp, $0.offset, $1.partition) > ($1.timestamp, $1.offset, $0.partition) }
        return Array(all.prefix(limit))
    }

    /// The records of `partition` with offsets in `from..<to`, in offset order.
    public func read(_ partition: TopicPartition, from: Int64, to end: Int64) -> [StoredRecord] {
        var records: [StoredRecord] = []
        var next = from
        var openAborted: Set<Int64> = []
        while next < end {
            let read = state.read(partition, from: next, maxBytes: chunkBytes, readCommitted: true)
            guard read.error == .noError, !read.batches.isEmpty else { break }
            let aborted = read.abortedTransactions
            var advanced = false
            for bytes in read.batches {
                guard let batch = try? RecordBatch.parseAll(bytes).first else { continue }
                let header = batch.header
                for transaction in aborted where transaction.firstOffset <= header.lastOffset && transaction.markerOffset >= header.baseOffset {
                    if transaction.firstOffset <= header.baseOffset { openAborted.insert(transaction.producerId) }
                }
                defer {
                    if header.lastOffset + 1 > next {
                        next = header.lastOffset + 1
                        advanced = true
                    }
                }
                if header.attributes.isControl {
                    openAborted.remove(header.producerId)
                    continue
                }
                if header.attributes.isTransactional, openAborted.contains(header.producerId) { continue }
                guard let parsed = try? batch.records() else { continue }
                for record in parsed {
                    let offset = header.baseOffset + Int64(record.offsetDelta)
                    guard offset >= from, offset < end else { continue }
                    let timestamp = header.attributes.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ record.timestampDelta
                    records.append(StoredRecord(
                        topic: partition.topic, partition: partition.partition, offset: offset, timestamp: timestamp,
                        key: record.key.map { Array($0.readableBytesView) }, value: record.value.map { Array($0.readableBytesView) },
                        headers: record.headers.map { LiveRecord.Header(key: $0.key, value: $0.value.map { Array($0.readableBytesView) }) }))
                }
            }
            if !advanced { break }
        }
        return records
    }
}
