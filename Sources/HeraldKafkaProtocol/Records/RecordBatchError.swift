/// Why a record batch was rejected; each maps to the Kafka error code a Produce response carries.
public enum RecordBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes end inside a batch (at `offset` within the records blob).
    case truncated(offset: Int, field: String)
    /// batchLength is smaller than the v2 header or runs past the data.
    case invalidBatchLength(offset: Int, batchLength: Int32)
    /// The batch is not magic 2 (Produce v3+ only carries v2 batches).
    case unsupportedMagic(offset: Int, magic: Int8)
    /// The stored CRC-32C differs from the one computed over attributes..end.
    case checksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
    /// lastOffsetDelta is not recordCount - 1, or the count is negative or zero.
    case recordCountMismatch(offset: Int, recordCount: Int32, lastOffsetDelta: Int32)
    /// A record's offsetDelta is not its index.
    case offsetDeltaMismatch(recordIndex: Int, offsetDelta: Int32)
    /// A record is malformed (lengths, varints, bytes left over).
    case malformedRecord(recordIndex: Int, reason: String)
    /// Bytes remain after the last record the header announced.
    case trailingRecordBytes(count: Int)
    /// The batch uses a codec Herald cannot decompress (snappy, lz4, zstd or an unknown value).
    case unsupportedCompression(codec: Int16)
    /// The compressed records do not decompress.
    case decompressionFailed(reason: String)
    /// Records could not be compressed (when building a batch).
    case compressionFailed(reason: String)
    /// The batch exceeds the configured maximum size.
    case batchTooLarge(size: Int, maximum: Int)
    /// The records decompress to more than the configured maximum (a decompression bomb guard).
    case uncompressedTooLarge(maximum: Int)

    /// The Kafka error code to answer with.
    public var errorCode: ErrorCode {
        switch self {
        case .unsupportedCompression: return .unsupportedCompressionType
        case .batchTooLarge, .uncompressedTooLarge: return .messageTooLarge
        case .unsupportedMagic: return .invalidRecord
        default: return .corruptMessage
        }
    }

    /// A one-line English description, for logs and error_message.
    public var description: String {
        switch self {
        case .truncated(let offset, let field): return "record batch at byte \(offset) ends inside \(field)"
        case .invalidBatchLength(let offset, let length): return "record batch at byte \(offset) has invalid length \(length)"
        case .unsupportedMagic(let offset, let magic): return "record batch at byte \(offset) has magic \(magic), expected 2"
        case .checksumMismatch(let offset, let stored, let computed):
            return "record batch at byte \(offset) has CRC \(stored), computed \(computed)"
        case .recordCountMismatch(let offset, let count, let delta):
            return "record batch at byte \(offset) has \(count) records but lastOffsetDelta \(delta)"
        case .offsetDeltaMismatch(let index, let delta): return "record \(index) has offsetDelta \(delta)"
        case .malformedRecord(let index, let reason): return "record \(index) is malformed: \(reason)"
        case .trailingRecordBytes(let count): return "\(count) bytes follow the last record"
        case .unsupportedCompression(let codec): return "unsupported compression codec \(codec)"
        case .decompressionFailed(let reason): return "records do not decompress: \(reason)"
        case .compressionFailed(let reason): return "records do not compress: \(reason)"
        case .batchTooLarge(let size, let maximum): return "record batch of \(size) bytes exceeds \(maximum)"
        case .uncompressedTooLarge(let maximum): return "records decompress to more than \(maximum) bytes"
        }
    }
}
