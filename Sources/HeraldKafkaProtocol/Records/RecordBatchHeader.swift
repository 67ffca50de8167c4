import NIOCore

/// The compression codec in the low three bits of a batch's attributes.
public enum CompressionCodec: Int16, CaseIterable, Hashable, Sendable {
    /// Uncompressed.
    case none = 0
    /// gzip (decompressed by Herald).
    case gzip = 1
    /// snappy (stored, not inspected).
    case snappy = 2
    /// lz4 (stored, not inspected).
    case lz4 = 3
    /// zstd (stored, not inspected).
    case zstd = 4
}

/// A record batch's attributes field.
public struct RecordBatchAttributes: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public var rawValue: Int16
    /// Wraps a wire value.
    public init(rawValue: Int16) { self.rawValue = rawValue }
    /// Attributes with a codec and otherwise CreateTime, non-transactional, data batch.
    public init(compression: CompressionCodec = .none) { self.rawValue = compression.rawValue }

    /// The raw codec value (0-7); values above 4 are unknown to Kafka.
    public var compressionValue: Int16 { rawValue & 0x07 }
    /// The codec, nil for the unassigned values 5-7.
    public var compression: CompressionCodec? { CompressionCodec(rawValue: compressionValue) }
    /// Bit 3: timestamps are LogAppendTime rather than CreateTime.
    public var isLogAppendTime: Bool { rawValue & 0x08 != 0 }
    /// Bit 4: the batch belongs to a transaction.
    public var isTransactional: Bool { rawValue & 0x10 != 0 }
    /// Bit 5: the batch is a control batch (transaction markers).
    public var isControl: Bool { rawValue & 0x20 != 0 }
}

/// The 61-byte header of a v2 (magic 2) record batch.
public struct RecordBatchHeader: Hashable, Sendable {
    /// The size of the header in bytes.
    public static let size = 61
    /// The bytes before and including batchLength (baseOffset + batchLength), which batchLength does not count.
    public static let logOverhead = 12
    /// Where the CRC-covered range starts (the attributes field).
    public static let checksummedRangeStart = 21

    /// The offset of the first record.
    public var baseOffset: Int64 = 0
    /// The bytes after this field (the batch's total size minus 12).
    public var batchLength: Int32 = 0
    /// The leader epoch when appended; outside the CRC, so the broker may rewrite it.
    public var partitionLeaderEpoch: Int32 = -1
    /// The format version, 2.
    public var magic: Int8 = 2
    /// CRC-32C over attributes..end.
    public var crc: UInt32 = 0
    /// Codec and flags.
    public var attributes = RecordBatchAttributes()
    /// The offset delta of the last record (recordCount - 1 for a produced batch).
    public var lastOffsetDelta: Int32 = -1
    /// The timestamp of the first record.
    public var baseTimestamp: Int64 = -1
    /// The largest timestamp in the batch.
    public var maxTimestamp: Int64 = -1
    /// The idempotent producer's id, -1 when not idempotent.
    public var producerId: Int64 = -1
    /// The producer epoch, -1 when not idempotent.
    public var producerEpoch: Int16 = -1
    /// The sequence number of the first record, -1 when not idempotent.
    public var baseSequence: Int32 = -1
    public var recordCount: Int32 = 0

    /// Makes a header with default (non-idempotent, uncompressed) values.
    public init() {}

    /// The total size of the batch in bytes.
    public var totalSize: Int { Self.logOverhead + Int(batchLength) }
    /// The offset of the last record.
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
    /// The sequence number of the last record (wrapping at Int32.max, as Kafka does).
    public var lastSequence: Int32 {
        baseSequence < 0 ? -1 : Int32(truncatingIfNeeded: (Int64(baseSequence) + Int64(lastOffsetDelta)) % (Int64(Int32.max) + 1))
    }

    /// Reads the header at the buffer's reader index without moving it; nil when fewer than 61 bytes remain.
    /// Nothing is validated: use `RecordBatch.parse` for that.
    public init?(peekingAt buffer: ByteBuffer) {
        guard buffer.readableBytes >= Self.size else { return nil }
        var copy = buffer
        guard let header = try? RecordBatchHeader(reading: &copy) else { return nil }
        self = header
    }

    /// Reads a header from 61 bytes; the caller has checked there are that many.
    init(reading buffer: inout ByteBuffer) throws {
        baseOffset = try buffer.readKafkaInteger("baseOffset")
        batchLength = try buffer.readKafkaInteger("batchLength")
        partitionLeaderEpoch = try buffer.readKafkaInteger("partitionLeaderEpoch")
        magic = try buffer.readKafkaInteger("magic")
        crc = try buffer.readKafkaInteger("crc")
        attributes = RecordBatchAttributes(rawValue: try buffer.readKafkaInteger("attributes"))
        lastOffsetDelta = try buffer.readKafkaInteger("lastOffsetDelta")
        baseTimestamp = try buffer.readKafkaInteger("baseTimestamp")
        maxTimestamp = try buffer.readKafkaInteger("maxTimestamp")
        producerId = try buffer.readKafkaInteger("producerId")
        producerEpoch = try buffer.readKafkaInteger("producerEpoch")
        baseSequence = try buffer.readKafkaInteger("baseSequence")
        recordCount = try buffer.readKafkaInteger("recordCount")
    }

    /// Writes the 61 header bytes as they stand (the CRC is not recomputed here).
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(batchLength)
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(magic)
        buffer.writeInteger(crc)
        buffer.writeInteger(attributes.rawValue)
        buffer.writeInteger(lastOffsetDelta)
        buffer.writeInteger(baseTimestamp)
        buffer.writeInteger(maxTimestamp)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(recordCount)
    }
}
