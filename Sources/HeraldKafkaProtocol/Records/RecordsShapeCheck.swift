import NIOCore

extension KafkaRecord {
    /// Checks `count` records exactly as `parseAll` reads them, without building any: the produce path's check
    /// when nothing needs the records themselves. Throws the error `parseAll` would throw.
    static func checkAll(_ blob: ByteBuffer, count: Int, compactedUpTo lastOffsetDelta: Int32? = nil) throws {
        if blob.withUnsafeReadableBytes({ RecordsShape.isWellFormed($0, count: count, compactedUpTo: lastOffsetDelta) }) {
            return
        }
        // Malformed (rare): the full parse names the first problem.
        _ = try parseAll(blob, count: count, compactedUpTo: lastOffsetDelta)
    }
}

/// A walk over a records blob that accepts only what `KafkaRecord.parseAll` accepts (lengths, varint widths,
/// offsetDelta = index, or increasing within a compacted batch's lastOffsetDelta; non-null header keys, no bytes left
/// over), reading lengths and skipping the bytes.
enum RecordsShape {
    /// Whether `bytes` holds exactly `count` well-formed records.
    static func isWellFormed(_ bytes: UnsafeRawBufferPointer, count: Int, compactedUpTo lastOffsetDelta: Int32? = nil) -> Bool {
        guard count >= 0, count <= bytes.count / 7 else { return false }
        var cursor = Cursor(bytes: bytes, position: 0, end: bytes.count)
        var previousDelta: Int32?
        for index in 0..<count {
            guard let length = cursor.zigZagVarint(), length >= 0, Int(length) <= cursor.remaining else { return false }
            var body = Cursor(bytes: bytes, position: cursor.position, end: cursor.position + Int(length))
            cursor.position = body.end
            guard body.skip(1), body.zigZagVarlong() != nil, let offsetDelta = body.zigZagVarint(),
                  Self.offsetDeltaFits(offsetDelta, index: index, previous: previousDelta, compactedUpTo: lastOffsetDelta),
                  body.skipBytes(allowNull: true), body.skipBytes(allowNull: true),
                  let headerCount = body.zigZagVarint(), headerCount >= 0, Int(headerCount) <= body.remaining / 2
            else { return false }
            for _ in 0..<Int(headerCount) {
                guard body.skipBytes(allowNull: false), body.skipBytes(allowNull: true) else { return false }
            }
            guard body.remaining == 0 else { return false }
            previousDelta = offsetDelta
        }
        return cursor.remaining == 0
    }

    /// `KafkaRecord.parseAll`'s offsetDelta rule: equal to the index, or in a compacted batch at least the index,
    /// at most lastOffsetDelta and above the previous record's.
    static func offsetDeltaFits(_ offsetDelta: Int32, index: Int, previous: Int32?, compactedUpTo lastOffsetDelta: Int32?) -> Bool {
        guard let lastOffsetDelta else { return offsetDelta == Int32(truncatingIfNeeded: index) }
        return offsetDelta >= Int32(truncatingIfNeeded: index) && offsetDelta <= lastOffsetDelta
            && previous.map { $0 < offsetDelta } ?? true
    }

    /// A read position inside `bytes[..<end]`.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        let end: Int

        var remaining: Int { end - position }

        mutating func skip(_ count: Int) -> Bool {
            guard count <= remaining else { return false }
            position += count
            return true
        }

        /// Zig-zag-length-prefixed bytes; -1 (null) is allowed only when `allowNull`.
        mutating func skipBytes(allowNull: Bool) -> Bool {
            guard let length = zigZagVarint() else { return false }
            if length == -1 { return allowNull }
            return length >= 0 && skip(Int(length))
        }

        /// A zig-zag varint of at most 5 bytes whose fifth byte is at most 0x0F (as `readUnsignedVarint`).
        mutating func zigZagVarint() -> Int32? {
            var raw: UInt32 = 0
            var shift: UInt32 = 0
            while position < end {
                let byte = bytes[position]
                position += 1
                if shift == 28 && byte > 0x0F { return nil }
                raw |= UInt32(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }
                shift += 7
            }
            return nil
        }

        /// A zig-zag varlong of at most 10 bytes whose tenth byte is at most 0x01 (as `readUnsignedVarlong`).
        mutating func zigZagVarlong() -> Int64? {
            var raw: UInt64 = 0
            var shift: UInt64 = 0
            while position < end {
                let byte = bytes[position]
                position += 1
                if shift == 63 && byte > 0x01 { return nil }
                raw |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }
                shift += 7
            }
            return nil
        }
    }
}
