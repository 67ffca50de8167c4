import NIOCore

/// The key and value bytes of one record, borrowed from the batch for the duration of a callback.
public struct RecordPayload {
    /// The record's index in its batch.
    public var index: Int
    /// The key; nil is a null key.
    public var key: UnsafeRawBufferPointer?
    /// The value; nil is a null value (a tombstone).
    public var value: UnsafeRawBufferPointer?
}

extension RecordBatch {
    /// Runs every check `records(limits:)` runs, then calls `body` with each record's key and value in order,
    /// without building records: a produce-time check that reads payloads allocates nothing per record.
    public func forEachPayload(limits: RecordBatchLimits = RecordBatchLimits(), _ body: (RecordPayload) throws -> Void) throws {
        let blob = try uncompressedRecordsData(limits: limits)
        let count = Int(header.recordCount)
        try KafkaRecord.checkAll(blob, count: count, compactedUpTo: compactedUpTo)
        try blob.withUnsafeReadableBytes { bytes in
            var cursor = RecordsShape.Cursor(bytes: bytes, position: 0, end: bytes.count)
            for index in 0..<count {
                // Well-formed (checked above): every read succeeds.
                let length = Int(cursor.zigZagVarint() ?? 0)
                var record = RecordsShape.Cursor(bytes: bytes, position: cursor.position, end: cursor.position + length)
                cursor.position = record.end
                _ = record.skip(1)
                _ = record.zigZagVarlong()
                _ = record.zigZagVarint()
                let key = record.bytes(allowNull: true)
                let value = record.bytes(allowNull: true)
                try body(RecordPayload(index: index, key: key ?? nil, value: value ?? nil))
            }
        }
    }
}

extension RecordsShape.Cursor {
    /// Zig-zag-length-prefixed bytes: .some(nil) for null, nil when malformed.
    mutating func bytes(allowNull: Bool) -> UnsafeRawBufferPointer?? {
        guard let length = zigZagVarint() else { return nil }
        if length == -1 { return allowNull ? .some(nil) : nil }
        let start = position
        guard length >= 0, skip(Int(length)) else { return nil }
        return .some(UnsafeRawBufferPointer(rebasing: bytes[start..<start + Int(length)]))
    }
}
