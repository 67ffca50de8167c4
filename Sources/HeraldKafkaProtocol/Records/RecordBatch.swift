import NIOCore

/// Size limits applied while reading record batches; options with safe defaults.
public struct RecordBatchLimits: Hashable, Sendable {
    /// The largest batch accepted (Kafka's default message.max.bytes).
    public var maximumBatchBytes: Int
    /// The most bytes a compressed batch may decompress to (a decompression bomb guard).
    public var maximumUncompressedBytes: Int

    /// Makes limits; the defaults are 1,048,588 bytes per batch and 64 MiB decompressed.
    public init(maximumBatchBytes: Int = 1_048_588, maximumUncompressedBytes: Int = 64 * 1024 * 1024) {
        self.maximumBatchBytes = maximumBatchBytes
        self.maximumUncompressedBytes = maximumUncompressedBytes
    }
}

/// A v2 record batch: its parsed header and its exact bytes, which the broker stores verbatim.
public struct RecordBatch: Hashable, Sendable {
    /// The parsed header.
    public private(set) var header: RecordBatchHeader
    /// The whole batch as on the wire (header and records).
    public private(set) var bytes: ByteBuffer

    /// The records section as sent: compressed when the codec is not `none`.
    public var recordsData: ByteBuffer {
        bytes.getSlice(at: bytes.readerIndex + RecordBatchHeader.size,
                       length: bytes.readableBytes - RecordBatchHeader.size) ?? ByteBuffer()
    }

    /// Splits a records blob (a Produce partition's `records`, or a stored log segment) into batches, checking
    /// each batch's length and magic; a batch cut short is an error.
    public static func parseAll(_ blob: ByteBuffer, limits: RecordBatchLimits = RecordBatchLimits()) throws
        -> [RecordBatch]
    {
        var input = blob
        var batches: [RecordBatch] = []
        while input.readableBytes > 0 {
            batches.append(try parse(from: &input, position: blob.readableBytes - input.readableBytes, limits: limits))
        }
        return batches
    }

    /// Reads one batch from the front of `input`; `position` is its offset in the enclosing blob, for errors.
    public static func parse(from input: inout ByteBuffer, position: Int = 0,
                             limits: RecordBatchLimits = RecordBatchLimits()) throws -> RecordBatch {
        guard input.readableBytes >= RecordBatchHeader.logOverhead,
              let batchLength = input.getInteger(at: input.readerIndex + 8, endianness: .big, as: Int32.self)
        else {
            throw RecordBatchError.truncated(offset: position, field: "batchLength")
        }
        guard batchLength >= Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead) else {
            throw RecordBatchError.invalidBatchLength(offset: position, batchLength: batchLength)
        }
        let total = RecordBatchHeader.logOverhead + Int(batchLength)
        guard total <= limits.maximumBatchBytes else {
            throw RecordBatchError.batchTooLarge(size: total, maximum: limits.maximumBatchBytes)
        }
        guard total <= input.readableBytes, let slice = input.readSlice(length: total) else {
            throw RecordBatchError.truncated(offset: position, field: "records")
        }
        var reader = slice
        let header: RecordBatchHeader
        do {
            header = try RecordBatchHeader(reading: &reader)
        } catch {
            throw RecordBatchError.truncated(offset: position, field: "header")
        }
        guard header.magic == 2 else { throw RecordBatchError.unsupportedMagic(offset: position, magic: header.magic) }
        return RecordBatch(header: header, bytes: slice)
    }

    /// The CRC-32C of attributes..end, as it should be stored.
    public func computedChecksum() -> UInt32 {
        let start = bytes.readerIndex + RecordBatchHeader.checksummedRangeStart
        guard let covered = bytes.getSlice(at: start, length: bytes.readableBytes - RecordBatchHeader.checksummedRangeStart)
        else { return 0 }
        return CRC32C.checksum(covered)
    }

    /// Checks what a produced batch must satisfy without decompressing it: the CRC matches, it holds at least one
    /// record, and lastOffsetDelta = recordCount - 1.
    public func verify(position: Int = 0) throws {
        let computed = computedChecksum()
        guard computed == header.crc else {
            throw RecordBatchError.checksumMismatch(offset: position, stored: header.crc, computed: computed)
        }
        guard header.recordCount >= 1, Int64(header.lastOffsetDelta) == Int64(header.recordCount) - 1 else {
            throw RecordBatchError.recordCountMismatch(offset: position, recordCount: header.recordCount,
                                                       lastOffsetDelta: header.lastOffsetDelta)
        }
    }

    /// Decompresses (gzip only) and parses the records, checking each offsetDelta equals its index; in a
    /// compacted batch (fewer records than lastOffsetDelta + 1) the deltas must increase within lastOffsetDelta.
    /// snappy, lz4 and zstd throw `.unsupportedCompression`.
    public func records(limits: RecordBatchLimits = RecordBatchLimits()) throws -> [KafkaRecord] {
        try KafkaRecord.parseAll(try uncompressedRecordsData(limits: limits), count: Int(header.recordCount),
                                 compactedUpTo: compactedUpTo)
    }

    /// Runs every check `records(limits:)` runs and throws the same errors, without building the records:
    /// for a produce path that stores the batch as sent and needs nothing from the records themselves.
    public func checkRecords(limits: RecordBatchLimits = RecordBatchLimits()) throws {
        try KafkaRecord.checkAll(try uncompressedRecordsData(limits: limits), count: Int(header.recordCount),
                                 compactedUpTo: compactedUpTo)
    }

    /// lastOffsetDelta when the batch holds fewer records than offsets (compaction thinned it), else nil: the
    /// offsetDelta rule every reader of the records applies.
    var compactedUpTo: Int32? {
        Int64(header.recordCount) < Int64(header.lastOffsetDelta) + 1 ? header.lastOffsetDelta : nil
    }

    /// The records section, decompressed when the codec is gzip.
    func uncompressedRecordsData(limits: RecordBatchLimits) throws -> ByteBuffer {
        switch header.attributes.compression {
        case .none?:
            return recordsData
        case .gzip?:
            return try Gzip.decompress(recordsData, maximumBytes: limits.maximumUncompressedBytes)
        default:
            throw RecordBatchError.unsupportedCompression(codec: header.attributes.compressionValue)
        }
    }

    /// Rewrites baseOffset and partitionLeaderEpoch in place; both lie outside the CRC, so the rest of the
    /// bytes (and the checksum) stay valid.
    public mutating func assign(baseOffset: Int64, partitionLeaderEpoch: Int32) {
        bytes.setInteger(baseOffset, at: bytes.readerIndex)
        bytes.setInteger(partitionLeaderEpoch, at: bytes.readerIndex + 12)
        header.baseOffset = baseOffset
        header.partitionLeaderEpoch = partitionLeaderEpoch
    }

    /// Builds a batch from records: fills magic, recordCount, lastOffsetDelta (= count - 1), batchLength and the
    /// CRC; compresses with the codec in `header.attributes` (gzip or none). Records keep their offsetDelta.
    /// A maxTimestamp of -1 is computed from the records. `lastOffsetDelta` overrides count - 1 for a compacted
    /// batch, whose records keep their offsets and so leave gaps.
    public init(records: [KafkaRecord], header template: RecordBatchHeader, lastOffsetDelta: Int32? = nil) throws {
        var header = template
        var body = ByteBuffer()
        for record in records { record.write(to: &body) }
        switch header.attributes.compression {
        case .none?: break
        case .gzip?: body = try Gzip.compress(body)
        default: throw RecordBatchError.unsupportedCompression(codec: header.attributes.compressionValue)
        }
        header.magic = 2
        header.recordCount = Int32(truncatingIfNeeded: records.count)
        header.lastOffsetDelta = lastOffsetDelta ?? Int32(truncatingIfNeeded: records.count - 1)
        if header.maxTimestamp == -1 {
            header.maxTimestamp = header.baseTimestamp &+ (records.map(\.timestampDelta).max() ?? 0)
        }
        header.batchLength = Int32(truncatingIfNeeded: RecordBatchHeader.size - RecordBatchHeader.logOverhead
                                   + body.readableBytes)
        header.crc = 0
        var bytes = ByteBuffer()
        bytes.reserveCapacity(RecordBatchHeader.size + body.readableBytes)
        header.write(to: &bytes)
        bytes.writeImmutableBuffer(body)
        var crc = CRC32C()
        if let covered = bytes.getSlice(at: RecordBatchHeader.checksummedRangeStart,
                                        length: bytes.readableBytes - RecordBatchHeader.checksummedRangeStart) {
            crc.update(covered)
        }
        header.crc = crc.value
        bytes.setInteger(header.crc, at: 17)
        self.header = header
        self.bytes = bytes
    }

    private init(header: RecordBatchHeader, bytes: ByteBuffer) {
        self.header = header
        self.bytes = bytes
    }
}
