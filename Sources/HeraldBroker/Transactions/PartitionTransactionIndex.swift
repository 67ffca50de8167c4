import HeraldKafkaProtocol
import NIOCore

/// What one partition's log says about transactions: the producers with an open transaction in it (from their
/// first transactional batch to their marker) and the transactions that aborted. Built from batch headers as they
/// are appended or recovered, so the log stays the only source; a pure value.
public struct PartitionTransactionIndex: Sendable, Hashable {
    /// An open transaction's first offset in this partition and the epoch that wrote it.
    public struct Open: Sendable, Hashable {
        /// The offset of the transaction's first batch here.
        public var firstOffset: Int64
        /// The producer epoch of that batch.
        public var epoch: Int16
    }

    /// An aborted transaction: Fetch's `aborted_transactions` entry plus the offset of its abort marker.
    public struct Aborted: Sendable, Hashable {
        public var producerId: Int64
        /// The offset of the transaction's first batch here.
        public var firstOffset: Int64
        /// The offset of the abort marker.
        public var markerOffset: Int64
    }

    /// Producer id → the transaction it has open here.
    public private(set) var open: [Int64: Open] = [:]
    /// Aborted transactions, in marker order.
    public private(set) var aborted: [Aborted] = []

    /// An index with nothing in it.
    public init() {}

    /// Records a stored transactional batch (data or marker) at `baseOffset`. Non-transactional batches are the
    /// caller's to skip (one bit test on the append path).
    public mutating func record(_ header: RecordBatchHeader, baseOffset: Int64, bytes: ByteBuffer) {
        if header.attributes.isControl {
            guard let started = open.removeValue(forKey: header.producerId) else { return }
            if let marker = TransactionMarker(controlBatch: bytes), !marker.committed {
                aborted.append(Aborted(producerId: header.producerId, firstOffset: started.firstOffset, markerOffset: baseOffset))
            }
        } else if open[header.producerId] == nil {
            open[header.producerId] = Open(firstOffset: baseOffset, epoch: header.producerEpoch)
        }
    }

    /// The last stable offset: the first offset of the oldest open transaction, else the high watermark.
    public func lastStableOffset(highWatermark: Int64) -> Int64 {
        open.isEmpty ? highWatermark : min(highWatermark, open.values.map(\.firstOffset).min() ?? highWatermark)
    }

    /// The aborted transactions a read_committed fetch of [from, to) must be told about.
    public func abortedTransactions(from start: Int64, to end: Int64) -> [Aborted] {
        aborted.filter { $0.markerOffset >= start && $0.firstOffset < end }
    }

    /// Forgets aborted transactions whose marker lies before the log start (retention, DeleteRecords).
    public mutating func dropBefore(_ logStartOffset: Int64) {
        if let first = aborted.first, first.markerOffset < logStartOffset {
            aborted.removeAll { $0.markerOffset < logStartOffset }
        }
    }
}
