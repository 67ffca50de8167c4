import NIOCore

// Two varint flavours: unsigned (flexible-version lengths, tags) and zig-zag signed (record batch fields).
extension ByteBuffer {
    /// Reads an unsigned LEB128 varint of at most 5 bytes (a UInt32).
    public mutating func readUnsignedVarint(_ field: String) throws -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard let byte = readInteger(as: UInt8.self) else { throw KafkaProtocolError.truncated(field: field) }
            if shift == 28 && byte > 0x0F { throw KafkaProtocolError.invalidVarint(field: field) }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads an unsigned LEB128 varlong of at most 10 bytes (a UInt64).
    public mutating func readUnsignedVarlong(_ field: String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = readInteger(as: UInt8.self) else { throw KafkaProtocolError.truncated(field: field) }
            if shift == 63 && byte > 0x01 { throw KafkaProtocolError.invalidVarint(field: field) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Writes an unsigned LEB128 varint.
    public mutating func writeUnsignedVarint(_ value: UInt32) {
        writeUnsignedVarlong(UInt64(value))
    }

    /// Writes an unsigned LEB128 varlong.
    public mutating func writeUnsignedVarlong(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    /// Reads a zig-zag encoded signed varint (Int32), as used inside records.
    public mutating func readZigZagVarint(_ field: String) throws -> Int32 {
        let raw = try readUnsignedVarint(field)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a zig-zag encoded signed varlong (Int64), as used inside records.
    public mutating func readZigZagVarlong(_ field: String) throws -> Int64 {
        let raw = try readUnsignedVarlong(field)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Writes a zig-zag encoded signed varint.
    public mutating func writeZigZagVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Writes a zig-zag encoded signed varlong.
    public mutating func writeZigZagVarlong(_ value: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}

/// The number of bytes a value takes as an unsigned varlong.
func unsignedVarintSize(_ value: UInt64) -> Int {
    var size = 1
    var rest = value >> 7
    while rest != 0 { size += 1; rest >>= 7 }
    return size
}

/// The number of bytes a value takes as a zig-zag varlong.
func zigZagVarintSize(_ value: Int64) -> Int {
    unsignedVarintSize(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
}
