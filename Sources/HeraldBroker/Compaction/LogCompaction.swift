import HeraldKafkaProtocol
import NIOCore

/// What one compaction pass keeps of a run of stored batches.
public struct CompactedBatches: Sendable {
    /// The batches that remain, in offset order: untouched, thinned (same base offset and lastOffsetDelta, fewer
    /// records, new CRC) or absent when nothing in them survived.
    public var batches: [PartitionLog.StoredBatch]
    /// Records removed: superseded by a later record of the same key, expired tombstones, records without a key
    /// and records of aborted transactions.
    public var removedRecords: Int
    /// The earliest time (ms) at which a tombstone kept by this pass expires; nil when none was kept.
    public var nextTombstoneExpiryMs: Int64?
}

/// Kafka's log compaction as a pure function over a partition's cleanable batches: the last record of each key
/// stays at its offset, everything it supersedes goes, and a tombstone (null value) that is the last of its key goes
/// once it is older than `delete.retention.ms`. Offsets never change, so a compacted log has gaps.
public enum LogCompaction {
    /// The settings one pass follows.
    public struct Policy: Sendable, Hashable {
        /// How long a tombstone that is the last record of its key stays, measured from its timestamp (ms).
        public var deleteRetentionMs: Int64
        public init(deleteRetentionMs: Int64 = TopicConfig.defaultDeleteRetentionMs) {
            self.deleteRetentionMs = deleteRetentionMs
        }
    }

    /// The end (exclusive) of what a pass may clean: below the last stable offset (no open transaction is
    /// touched), before the newest batch (the active segment, whose last offset keeps the log end after a restart)
    /// and before the first batch with a record younger than `minCompactionLagMs`.
    public static func cleanableEnd(_ batches: ArraySlice<PartitionLog.StoredBatch>, lastStableOffset: Int64,
                                    nowMs: Int64, minCompactionLagMs: Int64) -> Int64 {
        guard let newest = batches.last else { return lastStableOffset }
        var end = min(lastStableOffset, newest.baseOffset)
        if minCompactionLagMs > 0,
           let young = batches.first(where: { nowMs - timestamp(of: $0) < minCompactionLagMs && $0.baseOffset < end }) {
            end = young.baseOffset
        }
        return end
    }

    /// Compacts `batches` (the cleanable run, oldest first). `aborted` lists the partition's aborted transactions:
    /// their records are dropped and never count as a key's last record. Control batches (transaction markers) and
    /// batches whose records cannot be read stay as they are.
    public static func compact(_ batches: ArraySlice<PartitionLog.StoredBatch>,
                               aborted: [PartitionTransactionIndex.Aborted], policy: Policy, nowMs: Int64) -> CompactedBatches {
        let parsed = batches.map(ParsedBatch.init)
        // The offset of each key's last record; aborted records do not count.
        var last: [ByteBuffer: Int64] = [:]
        for batch in parsed {
            guard let records = batch.records else { continue }
            let isAborted = batch.isTransactional && isInAbortedTransaction(batch, aborted)
            if isAborted { continue }
            for record in records {
                guard let key = record.key else { continue }
                last[key] = batch.stored.baseOffset + Int64(record.offsetDelta)
            }
        }
        var result = CompactedBatches(batches: [], removedRecords: 0, nextTombstoneExpiryMs: nil)
        for batch in parsed {
            guard let records = batch.records, let header = batch.header else {
                result.batches.append(batch.stored)
                continue
            }
            let isAborted = batch.isTransactional && isInAbortedTransaction(batch, aborted)
            var kept: [KafkaRecord] = []
            for record in records where !isAborted {
                let offset = batch.stored.baseOffset + Int64(record.offsetDelta)
                guard let key = record.key, last[key] == offset else { continue }
                if record.value == nil {
                    let expiry = recordTimestamp(record, header: header, stored: batch.stored) &+ policy.deleteRetentionMs
                    guard expiry > nowMs else { continue }
                    result.nextTombstoneExpiryMs = min(result.nextTombstoneExpiryMs ?? expiry, expiry)
                }
                kept.append(record)
            }
            result.removedRecords += records.count - kept.count
            if kept.count == records.count {
                result.batches.append(batch.stored)
            } else if !kept.isEmpty {
                guard let thinned = thin(batch.stored, header: header, keeping: kept) else {
                    result.removedRecords -= records.count - kept.count
                    result.batches.append(batch.stored)
                    continue
                }
                result.batches.append(thinned)
            }
        }
        return result
    }

    /// A stored batch with its header and records read once; records are nil for control batches and for what
    /// cannot be read (a codec Herald does not decompress, damage).
    private struct ParsedBatch {
        var stored: PartitionLog.StoredBatch
        var header: RecordBatchHeader?
        var records: [KafkaRecord]?
        var isTransactional: Bool { header?.attributes.isTransactional == true }

        init(_ stored: PartitionLog.StoredBatch) {
            self.stored = stored
            guard let batch = try? RecordBatch.parseAll(stored.bytes).first, !batch.header.attributes.isControl else { return }
            header = batch.header
            records = try? batch.records()
        }
    }

    private static func isInAbortedTransaction(_ batch: ParsedBatch, _ aborted: [PartitionTransactionIndex.Aborted]) -> Bool {
        guard let producerId = batch.header?.producerId else { return false }
        let offset = batch.stored.baseOffset
        return aborted.contains { $0.producerId == producerId && $0.firstOffset <= offset && offset < $0.markerOffset }
    }

    /// The batch rebuilt with only `kept`: base offset, lastOffsetDelta, base timestamp and producer fields stay, so
    /// offsets, timestamps and the producer's sequence range read as before. Nil when it cannot be rebuilt.
    private static func thin(_ stored: PartitionLog.StoredBatch, header: RecordBatchHeader, keeping kept: [KafkaRecord])
        -> PartitionLog.StoredBatch?
    {
        var template = header
        if !header.attributes.isLogAppendTime { template.maxTimestamp = -1 }
        guard let rebuilt = try? RecordBatch(records: kept, header: template, lastOffsetDelta: header.lastOffsetDelta) else {
            return nil
        }
        var thinned = stored
        thinned.bytes = rebuilt.bytes
        thinned.maxTimestamp = rebuilt.header.maxTimestamp
        return thinned
    }

    private static func recordTimestamp(_ record: KafkaRecord, header: RecordBatchHeader, stored: PartitionLog.StoredBatch) -> Int64 {
        if header.attributes.isLogAppendTime { return header.maxTimestamp }
        let timestamp = header.baseTimestamp &+ record.timestampDelta
        return timestamp >= 0 ? timestamp : stored.appendTimeMs
    }

    private static func timestamp(of batch: PartitionLog.StoredBatch) -> Int64 {
        batch.maxTimestamp >= 0 ? batch.maxTimestamp : batch.appendTimeMs
    }
}
