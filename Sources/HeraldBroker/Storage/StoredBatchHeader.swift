import NIOCore

/// The fixed 61-byte header fields of a v2 record batch that storage and the producer checks need.
public struct StoredBatchHeader: Sendable, Hashable {
    /// Size of the fixed header of a magic-2 record batch.
    public static let size = 61

    /// The base offset.
    public var baseOffset: Int64
    /// Bytes after the batchLength field.
    public var batchLength: Int32
    /// Record batch format; only 2 is stored.
    public var magic: Int8
    /// CRC-32C of attributes..end.
    public var crc: UInt32
    /// Compression codec, timestamp type, transactional and control bits.
    public var attributes: Int16
    /// The last offset delta.
    public var lastOffsetDelta: Int32
    /// The base timestamp.
    public var baseTimestamp: Int64
    /// The max timestamp.
    public var maxTimestamp: Int64
    /// The producer id.
    public var producerId: Int64
    /// The producer epoch.
    public var producerEpoch: Int16
    /// The base sequence.
    public var baseSequence: Int32
    /// The record count.
    public var recordCount: Int32

    /// Total size of the batch in bytes (header fields before batchLength included).
    public var totalSize: Int { Int(batchLength) + 12 }
    /// Compression codec number (attributes & 7).
    public var compressionCodec: Int { Int(attributes & 0x7) }
    /// Whether the batch is part of a transaction.
    public var isTransactional: Bool { attributes & 0x10 != 0 }
    /// Whether the batch is a control batch.
    public var isControl: Bool { attributes & 0x20 != 0 }
    /// Last sequence number covered by the batch (wraps at Int32.max like Kafka).
    public var lastSequence: Int32 {
        let last = Int64(baseSequence) + Int64(lastOffsetDelta)
        return last > Int64(Int32.max) ? Int32(last - Int64(Int32.max) - 1) : Int32(last)
    }

    /// Reads the header at the buffer's reader index without moving it; nil when too short.
    public init?(peekingAt buffer: ByteBuffer) {
        guard buffer.readableBytes >= Self.size else { return nil }
        let at = buffer.readerIndex
        guard let baseOffset = buffer.getInteger(at: at, as: Int64.self),
              let batchLength = buffer.getInteger(at: at + 8, as: Int32.self),
              let magic = buffer.getInteger(at: at + 16, as: Int8.self),
              let crc = buffer.getInteger(at: at + 17, as: UInt32.self),
              let attributes = buffer.getInteger(at: at + 21, as: Int16.self),
              let lastOffsetDelta = buffer.getInteger(at: at + 23, as: Int32.self),
              let baseTimestamp = buffer.getInteger(at: at + 27, as: Int64.self),
              let maxTimestamp = buffer.getInteger(at: at + 35, as: Int64.self),
              let producerId = buffer.getInteger(at: at + 43, as: Int64.self),
              let producerEpoch = buffer.getInteger(at: at + 51, as: Int16.self),
              let baseSequence = buffer.getInteger(at: at + 53, as: Int32.self),
              let recordCount = buffer.getInteger(at: at + 57, as: Int32.self)
        else { return nil }
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Problems that make bytes unusable as a stored batch, before any CRC check.
    public enum ShapeError: Error, Equatable, Sendable {
        case tooShort(Int)
        case unsupportedMagic(Int8)
        case lengthMismatch(declared: Int, actual: Int)
        case offsetDeltaMismatch(lastOffsetDelta: Int32, recordCount: Int32)
    }

    /// Checks that `buffer` holds exactly one well-shaped magic-2 batch and returns its header.
    public static func validatedShape(of buffer: ByteBuffer) throws(ShapeError) -> StoredBatchHeader {
        guard let header = StoredBatchHeader(peekingAt: buffer) else { throw .tooShort(buffer.readableBytes) }
        guard header.magic == 2 else { throw .unsupportedMagic(header.magic) }
        guard header.batchLength >= 49, header.totalSize == buffer.readableBytes else {
            throw .lengthMismatch(declared: Int(header.batchLength) + 12, actual: buffer.readableBytes)
        }
        guard header.recordCount >= 1, header.lastOffsetDelta == header.recordCount - 1 else {
            throw .offsetDeltaMismatch(lastOffsetDelta: header.lastOffsetDelta, recordCount: header.recordCount)
        }
        return header
    }
}
