import HeraldKafkaProtocol
import NIOCore

/// Problems that make bytes unusable as a stored batch, before any CRC check.
public enum StoredBatchShapeError: Error, Equatable, Sendable {
    /// Fewer bytes than a batch header.
    case tooShort(Int)
    /// A record batch format other than 2.
    case unsupportedMagic(Int8)
    /// batchLength does not account for exactly the bytes given.
    case lengthMismatch(declared: Int, actual: Int)
    /// No records, or lastOffsetDelta below recordCount - 1.
    case offsetDeltaMismatch(lastOffsetDelta: Int32, recordCount: Int32)
}

extension RecordBatchHeader {
    /// Checks that `buffer` holds exactly one well-shaped magic-2 batch and returns its header. With `compacted`,
    /// it may hold fewer records than lastOffsetDelta + 1, as a batch compaction thinned does.
    public static func validatedStoredShape(of buffer: ByteBuffer, compacted: Bool = false) throws(StoredBatchShapeError)
        -> RecordBatchHeader
    {
        guard let header = RecordBatchHeader(peekingAt: buffer) else { throw .tooShort(buffer.readableBytes) }
        guard header.magic == 2 else { throw .unsupportedMagic(header.magic) }
        guard header.batchLength >= Int32(size - logOverhead), header.totalSize == buffer.readableBytes else {
            throw .lengthMismatch(declared: header.totalSize, actual: buffer.readableBytes)
        }
        guard header.recordCount >= 1,
              compacted ? header.lastOffsetDelta >= header.recordCount - 1 : header.lastOffsetDelta == header.recordCount - 1
        else {
            throw .offsetDeltaMismatch(lastOffsetDelta: header.lastOffsetDelta, recordCount: header.recordCount)
        }
        return header
    }
}
