/// Why a framed message could not be parsed.
public struct AvroFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Confluent's wire format: magic byte 0, the schema registry ID as 4 big-endian bytes, then the Avro binary body.
public enum ConfluentFrame {
    /// The 5-byte header length.
    public static let headerLength = 5

    /// Header plus body.
    public static func encode(schemaID: UInt32, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0, UInt8(truncatingIfNeeded: schemaID >> 24), UInt8(truncatingIfNeeded: schemaID >> 16),
                            UInt8(truncatingIfNeeded: schemaID >> 8), UInt8(truncatingIfNeeded: schemaID)]
        out.append(contentsOf: body)
        return out
    }

    /// The schema ID and the body of a framed message.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(AvroFramingError) -> (schemaID: UInt32, body: Bytes.SubSequence) {
        guard bytes.count >= headerLength else {
            throw AvroFramingError("a Confluent-framed message needs at least 5 bytes, found \(bytes.count)")
        }
        var index = bytes.startIndex
        guard bytes[index] == 0 else { throw AvroFramingError("Confluent magic byte is \(bytes[index]), expected 0") }
        var id: UInt32 = 0
        for _ in 0..<4 {
            index = bytes.index(after: index)
            id = id << 8 | UInt32(bytes[index])
        }
        return (id, bytes[bytes.index(after: index)...])
    }
}

/// Avro single-object encoding: `C3 01`, the schema's 8-byte little-endian CRC-64-AVRO fingerprint, then the body.
public enum SingleObjectFrame {
    /// The 10-byte header length.
    public static let headerLength = 10

    /// Header plus body.
    public static func encode(fingerprint: UInt64, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0xC3, 0x01]
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: fingerprint >> UInt64(shift))) }
        out.append(contentsOf: body)
        return out
    }

    /// Header plus body, with `schema`'s fingerprint.
    public static func encode(schema: AvroSchema, body: [UInt8]) -> [UInt8] {
        encode(fingerprint: schema.rabinFingerprint, body: body)
    }

    /// The fingerprint and the body of a single-object-encoded message.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(AvroFramingError) -> (fingerprint: UInt64, body: Bytes.SubSequence) {
        guard bytes.count >= headerLength else {
            throw AvroFramingError("a single-object-encoded message needs at least 10 bytes, found \(bytes.count)")
        }
        var index = bytes.startIndex
        let first = bytes[index]
        index = bytes.index(after: index)
        guard first == 0xC3, bytes[index] == 0x01 else {
            throw AvroFramingError("single-object marker is \(hex(first)) \(hex(bytes[index])), expected C3 01")
        }
        var fingerprint: UInt64 = 0
        for byteIndex in 0..<8 {
            index = bytes.index(after: index)
            fingerprint |= UInt64(bytes[index]) << UInt64(8 * byteIndex)
        }
        return (fingerprint, bytes[bytes.index(after: index)...])
    }

    static func hex(_ byte: UInt8) -> String { String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
}
