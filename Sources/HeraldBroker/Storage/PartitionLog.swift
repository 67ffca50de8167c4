import HeraldKafkaProtocol
import NIOCore

/// One partition's log: stored record batches in offset order with their index; a pure value.
public struct PartitionLog: Sendable {
    /// Index entry and bytes of one stored batch.
    public struct StoredBatch: Sendable {
        public var baseOffset: Int64
        public var lastOffset: Int64
        public var maxTimestamp: Int64
        /// Broker wall-clock time of the append, used when a batch carries no usable timestamp.
        public var appendTimeMs: Int64
        /// The batch bytes as stored (base offset and leader epoch rewritten).
        public var bytes: ByteBuffer
        /// Size of the stored batch in bytes.
        public var size: Int { bytes.readableBytes }
    }

    /// What a read from an offset finds.
    public enum ReadResult: Sendable {
        /// Whole batches starting at the one holding the offset (empty at the log end).
        case batches([ByteBuffer])
        /// The offset lies below the log start or past the log end.
        case offsetOutOfRange
    }

    // Batches before `firstLive` were dropped by retention; compacted away lazily.
    private var batches: [StoredBatch] = []
    private var firstLive = 0

    /// First offset still readable.
    public private(set) var logStartOffset: Int64
    /// Next offset to be assigned (the high watermark: one replica, so everything appended is committed).
    public private(set) var highWatermark: Int64
    /// Bytes held by live batches.
    public private(set) var sizeInBytes = 0
    /// Open and aborted transactions, from the transactional batches and markers appended.
    public private(set) var transactions = PartitionTransactionIndex()

    /// The last stable offset: below it every transaction has ended (the high watermark when none is open).
    public var lastStableOffset: Int64 { transactions.lastStableOffset(highWatermark: highWatermark) }

    /// An empty log starting at `startOffset`.
    public init(startOffset: Int64 = 0) {
        logStartOffset = startOffset
        highWatermark = startOffset
    }

    /// Live batches, oldest first.
    public var liveBatches: ArraySlice<StoredBatch> { batches[firstLive...] }

    /// Appends one batch (exactly one well-shaped v2 batch), assigning offsets from the log end.
    /// Returns the stored bytes, whose base offset and partition leader epoch were rewritten (both outside the CRC).
    @discardableResult
    public mutating func append(_ batch: ByteBuffer, appendTimeMs: Int64) throws(StoredBatchShapeError) -> StoredBatch {
        let prepared = try prepareAppend(batch)
        return appendPrepared(prepared, appendTimeMs: appendTimeMs)
    }

    /// A batch rewritten for the log end, not yet appended: it is written to the segment file first, so that a
    /// failed write (disk full) leaves the log as it was.
    public struct PreparedBatch: Sendable {
        /// The bytes to store, base offset and partition leader epoch rewritten.
        public var bytes: ByteBuffer
        let header: RecordBatchHeader
    }

    /// The bytes `append` would store for `batch`, without appending them.
    public func prepareAppend(_ batch: ByteBuffer) throws(StoredBatchShapeError) -> PreparedBatch {
        let header = try RecordBatchHeader.validatedStoredShape(of: batch)
        var stored = ByteBufferAllocator().buffer(capacity: batch.readableBytes)
        stored.prefaultWritableBytes()
        stored.writeImmutableBuffer(batch)
        stored.setInteger(highWatermark, at: 0)
        stored.setInteger(Int32(0), at: 12)
        return PreparedBatch(bytes: stored, header: header)
    }

    /// Appends a batch from `prepareAppend`; nothing may be appended in between.
    @discardableResult
    public mutating func appendPrepared(_ prepared: PreparedBatch, appendTimeMs: Int64) -> StoredBatch {
        push(prepared.bytes, baseOffset: highWatermark, header: prepared.header, appendTimeMs: appendTimeMs)
    }

    /// Re-adds a batch read back from disk at its stored base offset; used by recovery only.
    /// Batches must come in increasing offset order; a gap moves the log end forward. Returns the batch's header.
    @discardableResult
    public mutating func restore(_ stored: ByteBuffer, appendTimeMs: Int64) throws(StoredBatchShapeError) -> RecordBatchHeader {
        let header = try RecordBatchHeader.validatedStoredShape(of: stored, compacted: true)
        guard header.baseOffset >= highWatermark else {
            throw .lengthMismatch(declared: Int(header.baseOffset), actual: Int(highWatermark))
        }
        if batches.count == firstLive { logStartOffset = max(logStartOffset, header.baseOffset) }
        push(stored, baseOffset: header.baseOffset, header: header, appendTimeMs: appendTimeMs)
        return header
    }

    /// Adds a batch at `baseOffset` to the end of the log and moves the log end past it.
    @discardableResult
    private mutating func push(_ bytes: ByteBuffer, baseOffset: Int64, header: RecordBatchHeader, appendTimeMs: Int64)
        -> StoredBatch
    {
        let entry = StoredBatch(
            baseOffset: baseOffset,
            lastOffset: baseOffset + Int64(header.lastOffsetDelta),
            maxTimestamp: header.maxTimestamp,
            appendTimeMs: appendTimeMs,
            bytes: bytes)
        batches.append(entry)
        if header.attributes.isTransactional { transactions.record(header, baseOffset: baseOffset, bytes: bytes) }
        highWatermark = entry.lastOffset + 1
        sizeInBytes += entry.size
        return entry
    }

    /// Moves the log start forward (used by recovery when retention had dropped everything before a restart).
    public mutating func advanceStart(to offset: Int64) {
        guard offset > logStartOffset else { return }
        while firstLive < batches.count, batches[firstLive].lastOffset < offset { dropOldest() }
        logStartOffset = offset
        if highWatermark < offset { highWatermark = offset }
    }

    /// Replaces the live batches that start before `end` with `compacted` (what compaction kept of them, in offset
    /// order, never moving an offset); the log start and end stay where they are.
    public mutating func replaceBatches(before end: Int64, with compacted: [StoredBatch]) {
        var index = firstLive
        while index < batches.count, batches[index].baseOffset < end { index += 1 }
        let removed = batches[firstLive..<index].reduce(0) { $0 + $1.size }
        batches.replaceSubrange(firstLive..<index, with: compacted)
        sizeInBytes += compacted.reduce(0) { $0 + $1.size } - removed
    }

    /// Moves the log start back to `offset` when no batch lies below it: recovery of a compacted log, whose first
    /// batches compaction may have removed while its start stayed.
    public mutating func restoreStart(_ offset: Int64) {
        guard offset >= 0, offset < logStartOffset, batches.count == firstLive || offset <= batches[firstLive].baseOffset else { return }
        logStartOffset = offset
    }

    /// Reads whole batches starting at the one containing `offset`, up to `maxBytes` but always at least one batch;
    /// only batches that start before `end` (default: the high watermark; the last stable offset for read_committed).
    public func read(from offset: Int64, maxBytes: Int, end: Int64? = nil) -> ReadResult {
        guard offset >= logStartOffset, offset <= highWatermark else { return .offsetOutOfRange }
        let end = end ?? highWatermark
        guard offset < end, var index = indexOfBatch(containing: offset) else { return .batches([]) }
        var out: [ByteBuffer] = []
        var total = 0
        while index < batches.count, batches[index].baseOffset < end {
            let size = batches[index].size
            if !out.isEmpty, total + size > maxBytes { break }
            out.append(batches[index].bytes)
            total += size
            index += 1
        }
        return .batches(out)
    }

    /// Bytes available from `offset` to the log end (for Fetch min_bytes), counted in whole batches; with `end`, only
    /// batches that start before it.
    public func bytesAvailable(from offset: Int64, end: Int64? = nil) -> Int {
        let end = end ?? highWatermark
        guard offset >= logStartOffset, offset < end, var index = indexOfBatch(containing: offset) else { return 0 }
        var total = 0
        while index < batches.count, batches[index].baseOffset < end { total += batches[index].size; index += 1 }
        return total
    }

    /// ListOffsets: -1 latest, -2 earliest, -3 the record with the largest timestamp (the first of equals, KIP-734),
    /// else the first record whose timestamp is at or after `timestamp`.
    /// Returns (timestamp, offset); offset -1 when no batch qualifies.
    public func offset(forTimestamp timestamp: Int64) -> (timestamp: Int64, offset: Int64) {
        switch timestamp {
        case -1: return (-1, highWatermark)
        case -2: return (-1, logStartOffset)
        case -3: return maxTimestampRecord()
        default:
            for batch in batches[firstLive...] where batch.maxTimestamp >= timestamp {
                // The first record at or after the timestamp, as Kafka answers; the batch when its records do not parse.
                let header = RecordBatchHeader(peekingAt: batch.bytes)
                if header?.attributes.isControl == true { continue }
                if let parsed = try? RecordBatch.parseAll(batch.bytes).first, let records = try? parsed.records() {
                    for record in records {
                        let offset = batch.baseOffset + Int64(record.offsetDelta)
                        let recordTimestamp = parsed.header.baseTimestamp &+ record.timestampDelta
                        if offset >= logStartOffset, recordTimestamp >= timestamp { return (recordTimestamp, offset) }
                    }
                    continue
                }
                return (batch.maxTimestamp, max(batch.baseOffset, logStartOffset))
            }
            return (-1, -1)
        }
    }

    /// The (timestamp, offset) of the first record with the largest timestamp; (-1, -1) for an empty log.
    private func maxTimestampRecord() -> (timestamp: Int64, offset: Int64) {
        var best: StoredBatch?
        for batch in batches[firstLive...] where RecordBatchHeader(peekingAt: batch.bytes)?.attributes.isControl != true {
            if best == nil || batch.maxTimestamp > best!.maxTimestamp { best = batch }
        }
        guard let best else { return (-1, -1) }
        if let parsed = try? RecordBatch.parseAll(best.bytes).first, let records = try? parsed.records(),
           let record = records.first(where: { parsed.header.baseTimestamp &+ $0.timestampDelta == best.maxTimestamp }) {
            return (best.maxTimestamp, best.baseOffset + Int64(record.offsetDelta))
        }
        return (best.maxTimestamp, max(best.baseOffset, logStartOffset))
    }

    /// Drops whole oldest batches beyond the size limit or older than the age limit; returns how many were dropped.
    @discardableResult
    public mutating func applyRetention(_ policy: RetentionPolicy, nowMs: Int64) -> Int {
        var dropped = 0
        if let maxAge = policy.maxAgeMs {
            while firstLive < batches.count {
                let batch = batches[firstLive]
                let age = nowMs - (batch.maxTimestamp >= 0 ? batch.maxTimestamp : batch.appendTimeMs)
                guard age > maxAge else { break }
                dropOldest()
                dropped += 1
            }
        }
        if let maxBytes = policy.maxBytes {
            // The newest batch always stays so that a small limit never empties a busy log.
            while sizeInBytes > maxBytes, batches.count - firstLive > 1 {
                dropOldest()
                dropped += 1
            }
        }
        return dropped
    }

    private mutating func dropOldest() {
        let batch = batches[firstLive]
        sizeInBytes -= batch.size
        logStartOffset = batch.lastOffset + 1
        transactions.dropBefore(logStartOffset)
        batches[firstLive].bytes = ByteBuffer()
        firstLive += 1
        if firstLive > 64, firstLive * 2 > batches.count {
            batches.removeFirst(firstLive)
            firstLive = 0
        }
    }

    /// Binary search for the live batch whose [baseOffset, lastOffset] holds `offset`, or the next one after a gap.
    private func indexOfBatch(containing offset: Int64) -> Int? {
        var low = firstLive
        var high = batches.count
        while low < high {
            let mid = (low + high) / 2
            if batches[mid].lastOffset < offset { low = mid + 1 } else { high = mid }
        }
        return low < batches.count ? low : nil
    }
}

/// Retention limits for a partition; nil means unlimited.
public struct RetentionPolicy: Sendable, Hashable {
    /// Maximum bytes of live batches.
    public var maxBytes: Int?
    /// Maximum age of a batch in milliseconds, by its max timestamp.
    public var maxAgeMs: Int64?

    /// A policy with the given limits.
    public init(maxBytes: Int? = nil, maxAgeMs: Int64? = nil) {
        self.maxBytes = maxBytes
        self.maxAgeMs = maxAgeMs
    }

    /// Keeps everything.
    public static let unlimited = RetentionPolicy()
}
