import CCRC32C
import NIOCore

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of Kafka record batches.
/// The broker checks every produced batch, up to a megabyte each: the CPU's CRC-32C instructions when it has them
/// (SSE4.2, AArch64 CRC), else slicing-by-8 over precomputed tables.
public struct CRC32C: Sendable {
    /// Whether updates use the CPU's instructions; probed once.
    static let usesHardware = herald_crc32c_hardware_available() != 0

    /// The running state (pre-inverted); read the checksum through `value`.
    private var state: UInt32 = 0xFFFF_FFFF

    /// Starts a new checksum.
    public init() {}

    /// The checksum of everything fed so far.
    public var value: UInt32 { ~state }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if Self.usesHardware {
            guard let base = bytes.baseAddress else { return }
            state = herald_crc32c_hardware_update(state, base, bytes.count)
        } else {
            updateWithTables(bytes)
        }
    }

    /// Feeds bytes through the lookup tables (the portable path, also used to cross-check the hardware one).
    mutating func updateWithTables(_ bytes: UnsafeRawBufferPointer) {
        let tables = CRC32CTables.shared
        var crc = state
        var index = 0
        let count = bytes.count
        tables.table.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                    | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                let high = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8
                    | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = crc
    }

    /// Feeds the readable bytes of a buffer.
    public mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { update($0) }
    }

    /// The checksum of a byte sequence.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32C()
        let array = Array(bytes)
        array.withUnsafeBytes { crc.update($0) }
        return crc.value
    }

    /// The checksum of a buffer's readable bytes.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        var crc = CRC32C()
        crc.update(buffer)
        return crc.value
    }
}

/// The eight 256-entry lookup tables, computed once.
private struct CRC32CTables: Sendable {
    let table: [UInt32]

    static let shared = CRC32CTables()

    private init() {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        self.table = table
    }
}
