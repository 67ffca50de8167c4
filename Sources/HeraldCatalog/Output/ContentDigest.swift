import Foundation

/// A 128-bit digest of bytes fed in pieces of any size, to tell whether contents changed between two builds. Not a
/// cryptographic hash: it guards against accidents (an edit, a file touched by hand), not against an adversary.
///
/// Two independent 64-bit lanes over little-endian 8-byte words, each finished with MurmurHash3's mixer; the length
/// is mixed in, so pieces `ab` + `c` and `a` + `bc` give the same digest but `ab` and `ab\0` do not.
public struct ContentDigest: Sendable {
    private var first: UInt64 = 0x243F_6A88_85A3_08D3
    private var second: UInt64 = 0x1319_8A2E_0370_7344
    private var count: UInt64 = 0
    /// Bytes of an incomplete word, low byte first.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    public init() {}

    /// The digest of `data` as 32 lowercase hex digits.
    public static func of(_ data: Data) -> String {
        var digest = ContentDigest()
        digest.update(data)
        return digest.hex
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds a string's UTF-8 bytes and its length, so a sequence of strings digests unambiguously.
    public mutating func update(field: String) {
        var text = field
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        var length = UInt64(text.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        count &+= UInt64(bytes.count)
        var offset = 0
        // Complete a word begun by an earlier piece.
        while pendingCount > 0, pendingCount < 8, offset < bytes.count {
            pending |= UInt64(bytes[offset]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            offset += 1
        }
        if pendingCount == 8 {
            mix(pending)
            pending = 0
            pendingCount = 0
        }
        while offset + 8 <= bytes.count {
            mix(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        while offset < bytes.count {
            pending |= UInt64(bytes[offset]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            offset += 1
        }
    }

    private mutating func mix(_ word: UInt64) {
        first = (first ^ word) &* 0x9E37_79B9_7F4A_7C15
        first = (first << 31) | (first >> 33)
        second = (second &+ word) &* 0xC2B2_AE3D_27D4_EB4F
        second ^= second >> 29
    }

    private static func finish(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }

    /// The digest of everything added so far, as 32 lowercase hex digits.
    public var hex: String {
        var a = first, b = second
        if pendingCount > 0 {
            a = ((a ^ pending ^ 0x80) &* 0x9E37_79B9_7F4A_7C15)
            b = ((b &+ pending &+ 0x80) &* 0xC2B2_AE3D_27D4_EB4F)
        }
        a = Self.finish(a ^ count)
        b = Self.finish(b ^ (count &* 0x9E37_79B9_7F4A_7C15) ^ a)
        return Self.hex(a) + Self.hex(b)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
