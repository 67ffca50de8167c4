import Foundation
import HeraldKafkaProtocol
import NIOCore

/// The on-disk form of one partition: `[u32 big-endian length][stored batch]…`, appended in offset order.
public enum SegmentFormat {
    /// Result of scanning a segment file's bytes.
    public struct Scan: Sendable {
        /// Intact stored batches in file order.
        public var batches: [ByteBuffer]
        /// Bytes from the start of the file that hold intact entries; anything after is a torn tail.
        public var validLength: Int
    }

    /// Frames one stored batch for the segment file.
    public static func frame(_ batch: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(batch.readableBytes + 4)
        out.writeInteger(UInt32(batch.readableBytes))
        out.writeImmutableBuffer(batch)
        return out
    }

    /// Reads entries until the end or the first torn or damaged one; `isIntact` adds a content check (e.g. the CRC).
    public static func scan(_ bytes: ByteBuffer, isIntact: (ByteBuffer) -> Bool = { _ in true }) -> Scan {
        var reader = bytes
        var batches: [ByteBuffer] = []
        var valid = 0
        var lastOffset: Int64 = -1
        while let length = reader.getInteger(at: reader.readerIndex, as: UInt32.self) {
            let size = Int(length)
            guard size >= RecordBatchHeader.size, reader.readableBytes - 4 >= size else { break }
            guard let batch = reader.getSlice(at: reader.readerIndex + 4, length: size),
                  let header = try? RecordBatchHeader.validatedStoredShape(of: batch, compacted: true),
                  header.baseOffset > lastOffset, isIntact(batch)
            else { break }
            lastOffset = header.baseOffset + Int64(header.lastOffsetDelta)
            batches.append(batch)
            reader.moveReaderIndex(forwardBy: 4 + size)
            valid += 4 + size
        }
        return Scan(batches: batches, validLength: valid)
    }
}

/// An open append-only segment file for one partition.
public final class PartitionSegmentFile: @unchecked Sendable {
    /// Where the file lives.
    public let url: URL
    private var handle: FileHandle
    /// Bytes of whole entries; a failed append is cut back to it.
    private var length: UInt64
    /// Whether bytes were appended since the last sync.
    public private(set) var hasUnsyncedWrites = false
    /// Set when a failed append could not be cut back; every later append retries the cut first.
    private var needsCut = false

    private init(url: URL, handle: FileHandle, length: UInt64) {
        self.url = url
        self.handle = handle
        self.length = length
    }

    /// Opens (creating if needed) the file, scans it, truncates a torn tail and returns the intact batches.
    public static func openRecovering(
        at url: URL, isIntact: (ByteBuffer) -> Bool = { _ in true }
    ) throws -> (file: PartitionSegmentFile, batches: [ByteBuffer], truncatedBytes: Int) {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forUpdating: url)
        // Read through the handle: Foundation's Data(contentsOf:) leaks a 4 KiB buffer for every empty file on
        // Linux, and a new partition's segment is empty.
        let data = try handle.readToEnd() ?? Data()
        let scan = SegmentFormat.scan(ByteBuffer(bytes: data), isIntact: isIntact)
        let truncated = data.count - scan.validLength
        if truncated > 0 {
            try handle.truncate(atOffset: UInt64(scan.validLength))
            try handle.synchronize()
        }
        let end = try handle.seekToEnd()
        return (PartitionSegmentFile(url: url, handle: handle, length: end), scan.batches, truncated)
    }

    /// Appends one stored batch, all or nothing: when the write fails (disk full, I/O error) the partial entry is
    /// cut off again, so bytes appended once space returns follow the last whole entry and recovery keeps them.
    public func append(_ batch: ByteBuffer) throws {
        if needsCut { try cut() }
        let framed = SegmentFormat.frame(batch)
        do {
            try handle.write(contentsOf: Data(framed.readableBytesView))
        } catch {
            needsCut = true
            try? cut()
            throw error
        }
        length += UInt64(framed.readableBytes)
        hasUnsyncedWrites = true
    }

    private func cut() throws {
        try handle.truncate(atOffset: length)
        try handle.seek(toOffset: length)
        needsCut = false
    }

    /// Flushes appended bytes to stable storage.
    public func sync() throws {
        try handle.synchronize()
        hasUnsyncedWrites = false
    }

    /// Replaces the file's contents with `batches` (after retention dropped older ones), atomically.
    public func rewrite(keeping batches: [ByteBuffer]) throws {
        var out = ByteBuffer()
        for batch in batches { var framed = SegmentFormat.frame(batch); out.writeBuffer(&framed) }
        let temp = url.appendingPathExtension("tmp")
        try Data(out.readableBytesView).write(to: temp)
        let tempHandle = try FileHandle(forUpdating: temp)
        try tempHandle.synchronize()
        try tempHandle.close()
        try handle.close()
        guard rename(temp.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        handle = try FileHandle(forUpdating: url)
        length = try handle.seekToEnd()
        needsCut = false
    }

    /// Closes the file and removes it (topic deletion).
    public func remove() throws {
        try? handle.close()
        try FileManager.default.removeItem(at: url)
    }

    /// Closes the file.
    public func close() {
        try? handle.close()
    }
}
