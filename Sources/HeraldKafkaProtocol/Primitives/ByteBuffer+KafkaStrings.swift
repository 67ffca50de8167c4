import NIOCore

// Strings, bytes, array counts and tagged-field sections, in both the classic (int16/int32 length) and the compact
// (unsigned varint N+1) flavours. Lengths are checked against the readable bytes before anything is read.
extension ByteBuffer {
    /// Reads a length that was checked to fit into the remaining bytes; -1 means null.
    @usableFromInline
    mutating func checkedLength(_ raw: Int64, _ field: String) throws -> Int? {
        if raw == -1 { return nil }
        guard raw >= 0 else { throw KafkaProtocolError.invalidLength(field: field, length: raw) }
        guard raw <= Int64(readableBytes) else { throw KafkaProtocolError.truncated(field: field) }
        return Int(raw)
    }

    /// Reads a length prefix: int16 (strings), int32 (bytes, arrays) or a compact N+1 varint.
    mutating func readLengthPrefix(_ field: String, compact: Bool, wide: Bool) throws -> Int? {
        let raw: Int64
        if compact {
            raw = Int64(try readUnsignedVarint(field)) - 1
        } else if wide {
            raw = Int64(try readKafkaInteger(field, as: Int32.self))
        } else {
            raw = Int64(try readKafkaInteger(field, as: Int16.self))
        }
        return try checkedLength(raw, field)
    }

    /// Reads a nullable string (int16 length, or compact when `compact`).
    public mutating func readKafkaNullableString(_ field: String, compact: Bool = false) throws -> String? {
        guard let length = try readLengthPrefix(field, compact: compact, wide: false) else { return nil }
        guard let string = readString(length: length) else { throw KafkaProtocolError.truncated(field: field) }
        return string
    }

    /// Reads a non-null string (int16 length, or compact when `compact`).
    public mutating func readKafkaString(_ field: String, compact: Bool = false) throws -> String {
        guard let string = try readKafkaNullableString(field, compact: compact) else {
            throw KafkaProtocolError.unexpectedNull(field: field)
        }
        return string
    }

    /// Reads nullable bytes (int32 length, or compact) as a slice of this buffer.
    public mutating func readKafkaNullableBytes(_ field: String, compact: Bool = false) throws -> ByteBuffer? {
        guard let length = try readLengthPrefix(field, compact: compact, wide: true) else { return nil }
        guard let slice = readSlice(length: length) else { throw KafkaProtocolError.truncated(field: field) }
        return slice
    }

    /// Reads non-null bytes (int32 length, or compact) as a slice of this buffer.
    public mutating func readKafkaBytes(_ field: String, compact: Bool = false) throws -> ByteBuffer {
        guard let bytes = try readKafkaNullableBytes(field, compact: compact) else {
            throw KafkaProtocolError.unexpectedNull(field: field)
        }
        return bytes
    }

    /// Reads an array count (int32, or compact); nil for a null array. Every element takes at least one byte,
    /// so a count above the readable bytes is rejected before anything is allocated.
    public mutating func readKafkaArrayCount(_ field: String, compact: Bool = false) throws -> Int? {
        try readLengthPrefix(field, compact: compact, wide: true)
    }

    /// Writes a nullable string with an int16 length (or compact); throws when longer than the format allows.
    public mutating func writeKafkaNullableString(_ value: String?, _ field: String, compact: Bool = false) throws {
        guard let value else {
            writeLengthPrefix(nil, compact: compact, wide: false)
            return
        }
        let length = value.utf8.count
        if !compact && length > Int(Int16.max) {
            throw KafkaProtocolError.tooLarge(field: field, length: Int64(length))
        }
        writeLengthPrefix(length, compact: compact, wide: false)
        writeString(value)
    }

    /// Writes a non-null string.
    public mutating func writeKafkaString(_ value: String, _ field: String, compact: Bool = false) throws {
        try writeKafkaNullableString(value, field, compact: compact)
    }

    /// Writes nullable bytes with an int32 length (or compact).
    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool = false) {
        guard let value else {
            writeLengthPrefix(nil, compact: compact, wide: true)
            return
        }
        writeLengthPrefix(value.readableBytes, compact: compact, wide: true)
        writeImmutableBuffer(value)
    }

    /// Writes an array count (int32, or compact); nil writes the null marker.
    public mutating func writeKafkaArrayCount(_ count: Int?, compact: Bool = false) {
        writeLengthPrefix(count, compact: compact, wide: true)
    }

    /// Writes a length prefix in one of the three flavours; nil is the null marker.
    mutating func writeLengthPrefix(_ length: Int?, compact: Bool, wide: Bool) {
        if compact {
            writeUnsignedVarint(length.map { UInt32(truncatingIfNeeded: $0 + 1) } ?? 0)
        } else if wide {
            writeInteger(length.map { Int32(truncatingIfNeeded: $0) } ?? -1)
        } else {
            writeInteger(length.map { Int16(truncatingIfNeeded: $0) } ?? -1)
        }
    }

    /// Reads a tagged-field section and skips every field in it (Herald understands no tags).
    public mutating func skipKafkaTaggedFields(_ field: String = "tagged fields") throws {
        let count = try readUnsignedVarint(field)
        guard count <= UInt32(readableBytes) else { throw KafkaProtocolError.truncated(field: field) }
        for _ in 0..<count {
            _ = try readUnsignedVarint(field)
            let size = try readUnsignedVarint(field)
            guard size <= UInt32(readableBytes) else { throw KafkaProtocolError.truncated(field: field) }
            moveReaderIndex(forwardBy: Int(size))
        }
    }

    /// Writes an empty tagged-field section (one zero byte): Herald never writes tags, because librdkafka
    /// before 2.2.0 (Debian's kcat) misreads non-empty ones.
    public mutating func writeEmptyKafkaTaggedFields() {
        writeInteger(UInt8(0))
    }
}
