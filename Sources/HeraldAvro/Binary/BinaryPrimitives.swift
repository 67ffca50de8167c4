/// Reads Avro binary primitives from a byte buffer, checking every length against what remains.
struct BinaryCursor {
    let base: UnsafeRawPointer?
    let end: Int
    var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.base = buffer.baseAddress
        self.end = buffer.count
        self.offset = offset
    }

    var remaining: Int { end - offset }

    @inline(__always)
    mutating func readByte() throws(AvroDecodingError) -> UInt8 {
        guard offset < end, let base else { throw AvroDecodingError(.truncated, at: offset) }
        let byte = base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        return byte
    }

    @inline(__always)
    mutating func readVarint() throws(AvroDecodingError) -> UInt64 {
        let start = offset
        guard let base else { throw AvroDecodingError(.truncated, at: start) }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw AvroDecodingError(.truncated, at: start) }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if shift == 63 && byte > 1 { throw AvroDecodingError(.malformedVarint, at: start) }
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw AvroDecodingError(.malformedVarint, at: start) }
        }
    }

    @inline(__always)
    mutating func readLong() throws(AvroDecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inline(__always)
    mutating func readInt() throws(AvroDecodingError) -> Int32 {
        let start = offset
        let value = try readLong()
        guard let int = Int32(exactly: value) else { throw AvroDecodingError(.intOutOfRange(value), at: start) }
        return int
    }

    @inline(__always)
    mutating func readBoolean() throws(AvroDecodingError) -> Bool {
        let byte = try readByte()
        guard byte <= 1 else { throw AvroDecodingError(.invalidBoolean(byte), at: offset - 1) }
        return byte == 1
    }

    @inline(__always)
    mutating func readFloat() throws(AvroDecodingError) -> Float {
        guard remaining >= 4, let base else { throw AvroDecodingError(.truncated, at: offset) }
        let bits = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return Float(bitPattern: UInt32(littleEndian: bits))
    }

    @inline(__always)
    mutating func readDouble() throws(AvroDecodingError) -> Double {
        guard remaining >= 8, let base else { throw AvroDecodingError(.truncated, at: offset) }
        let bits = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// Reads a length prefix and checks it against `limit` and the bytes remaining, before anything is allocated.
    @inline(__always)
    mutating func readLength(limit: Int, what: String) throws(AvroDecodingError) -> Int {
        let start = offset
        let length = try readLong()
        guard length >= 0 else { throw AvroDecodingError(.negativeLength(length), at: start) }
        guard length <= Int64(limit) else {
            throw AvroDecodingError(.limitExceeded("\(what) length \(length) exceeds the limit of \(limit)"), at: start)
        }
        guard length <= Int64(remaining) else {
            throw AvroDecodingError(.lengthExceedsInput(length, remaining: remaining), at: start)
        }
        return Int(length)
    }

    /// The next `count` bytes (already checked to remain) as a typed buffer, advancing past them.
    @inline(__always)
    mutating func take(_ count: Int) -> UnsafeBufferPointer<UInt8> {
        guard count > 0, let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        let buffer = UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: UInt8.self), count: count)
        offset += count
        return buffer
    }

    /// Reads fixed-size raw bytes.
    @inline(__always)
    mutating func takeFixed(_ count: Int) throws(AvroDecodingError) -> UnsafeBufferPointer<UInt8> {
        guard count <= remaining else { throw AvroDecodingError(.lengthExceedsInput(Int64(count), remaining: remaining), at: offset) }
        return take(count)
    }

    /// Reads a length-prefixed UTF-8 string, rejecting invalid UTF-8.
    @inline(__always)
    mutating func readString(limit: Int) throws(AvroDecodingError) -> String {
        let start = offset
        let length = try readLength(limit: limit, what: "string")
        let buffer = take(length)
        // Validate first, then build with the specialised, non-repairing-in-practice `String(decoding:)` fast path.
        guard UTF8Validation.isValid(buffer) else { throw AvroDecodingError(.invalidUTF8, at: start) }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Skips a length-prefixed UTF-8 string, still rejecting invalid UTF-8.
    @inline(__always)
    mutating func skipString(limit: Int) throws(AvroDecodingError) {
        let start = offset
        let length = try readLength(limit: limit, what: "string")
        guard UTF8Validation.isValid(take(length)) else { throw AvroDecodingError(.invalidUTF8, at: start) }
    }

    /// Reads a block count of an array or map: a negative count is followed by the block's byte size, which is checked and ignored.
    @inline(__always)
    mutating func readBlockCount() throws(AvroDecodingError) -> Int64 {
        let start = offset
        let count = try readLong()
        if count >= 0 { return count }
        guard count != Int64.min else { throw AvroDecodingError(.negativeLength(count), at: start) }
        let sizeStart = offset
        let size = try readLong()
        guard size >= 0 else { throw AvroDecodingError(.negativeLength(size), at: sizeStart) }
        guard size <= Int64(remaining) else { throw AvroDecodingError(.lengthExceedsInput(size, remaining: remaining), at: sizeStart) }
        return -count
    }
}

/// UTF-8 well-formedness per RFC 3629 (no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            // ASCII fast path: eight bytes at a time.
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        }
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return false }
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0 && b1 < 0xA0 { return false }
                if b0 == 0xED && b1 >= 0xA0 { return false }
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n else { return false }
                let b1 = bytes[i + 1], b2 = bytes[i + 2], b3 = bytes[i + 3]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return false }
                if b0 == 0xF0 && b1 < 0x90 { return false }
                if b0 == 0xF4 && b1 >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
