import NIOCore

// Fixed-width big-endian integers and booleans; every read names its field so a short input says where it ended.
extension ByteBuffer {
    /// Reads a big-endian fixed-width integer or throws `.truncated`.
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(_ field: String, as: T.Type = T.self) throws -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else {
            throw KafkaProtocolError.truncated(field: field)
        }
        return value
    }

    /// Reads a Kafka boolean (one byte, non-zero is true).
    @inlinable
    public mutating func readKafkaBool(_ field: String) throws -> Bool {
        try readKafkaInteger(field, as: UInt8.self) != 0
    }

    /// Writes a Kafka boolean as one byte 0 or 1.
    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : UInt8(0))
    }

    /// Reads a 16-byte UUID as raw bytes.
    public mutating func readKafkaUUID(_ field: String) throws -> KafkaUUID {
        let high: UInt64 = try readKafkaInteger(field)
        let low: UInt64 = try readKafkaInteger(field)
        return KafkaUUID(high: high, low: low)
    }

    /// Writes a 16-byte UUID.
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.high)
        writeInteger(value.low)
    }
}

/// A Kafka UUID (topic IDs), kept as two big-endian halves.
public struct KafkaUUID: Hashable, Sendable {
    /// The first eight bytes.
    public var high: UInt64
    /// The last eight bytes.
    public var low: UInt64
    /// Makes a UUID from its two halves.
    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }
    /// The all-zero UUID, Kafka's "no topic ID".
    public static let zero = KafkaUUID(high: 0, low: 0)
}
