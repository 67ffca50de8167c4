import CZlib
import NIOCore

/// gzip (RFC 1952) through the system zlib, for compression codec 1 of record batches.
public enum Gzip {
    /// Decompresses one or more concatenated gzip members, refusing to produce more than `maximumBytes`.
    public static func decompress(_ input: ByteBuffer, maximumBytes: Int) throws -> ByteBuffer {
        var output = ByteBuffer()
        var source = Array(input.readableBytesView)
        if source.isEmpty { throw RecordBatchError.decompressionFailed(reason: "empty input") }
        var stream = z_stream()
        // 16 + 15: a gzip wrapper with the largest window.
        guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw RecordBatchError.decompressionFailed(reason: "zlib refused to start")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try source.withUnsafeMutableBufferPointer { sourcePointer in
            stream.next_in = sourcePointer.baseAddress
            stream.avail_in = UInt32(sourcePointer.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { chunkPointer in
                    stream.next_out = chunkPointer.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                if output.readableBytes + produced > maximumBytes {
                    throw RecordBatchError.uncompressedTooLarge(maximum: maximumBytes)
                }
                output.writeBytes(chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another member may follow (Java's GZIPInputStream reads concatenated members too).
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw RecordBatchError.decompressionFailed(reason: "zlib could not reset")
                    }
                case Z_OK:
                    if produced == 0 && stream.avail_in == 0 {
                        throw RecordBatchError.decompressionFailed(reason: "gzip stream is truncated")
                    }
                case Z_BUF_ERROR:
                    throw RecordBatchError.decompressionFailed(reason: "gzip stream is truncated")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw RecordBatchError.decompressionFailed(reason: message)
                }
            }
        }
        return output
    }

    /// Compresses bytes into one gzip member.
    public static func compress(_ input: ByteBuffer, level: Int32 = Z_DEFAULT_COMPRESSION) throws -> ByteBuffer {
        var source = Array(input.readableBytesView)
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw RecordBatchError.compressionFailed(reason: "zlib refused to start")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(source.count)))
        var destination = [UInt8](repeating: 0, count: bound)
        let status: Int32 = source.withUnsafeMutableBufferPointer { sourcePointer in
            destination.withUnsafeMutableBufferPointer { destinationPointer in
                stream.next_in = sourcePointer.baseAddress
                stream.avail_in = UInt32(sourcePointer.count)
                stream.next_out = destinationPointer.baseAddress
                stream.avail_out = UInt32(destinationPointer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw RecordBatchError.compressionFailed(reason: "zlib status \(status)")
        }
        return ByteBuffer(bytes: destination[0..<Int(stream.total_out)])
    }
}
