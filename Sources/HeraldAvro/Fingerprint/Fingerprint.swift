/// The fingerprint algorithms of the Avro spec, computed over the Parsing Canonical Form's UTF-8 bytes.
public enum FingerprintAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// CRC-64-AVRO, 8 bytes little-endian (as in single-object encoding).
    case rabin
    /// MD5, 16 bytes.
    case md5
    /// SHA-256, 32 bytes.
    case sha256
}

extension AvroSchema {
    /// The CRC-64-AVRO (Rabin) fingerprint of the canonical form.
    public var rabinFingerprint: UInt64 { RabinFingerprint.fingerprint(canonicalFormBytes()) }

    /// The fingerprint bytes of the canonical form: Rabin as 8 little-endian bytes, MD5 and SHA-256 as their digests.
    public func fingerprint(_ algorithm: FingerprintAlgorithm) -> [UInt8] {
        let bytes = canonicalFormBytes()
        switch algorithm {
        case .rabin: return RabinFingerprint.littleEndianBytes(RabinFingerprint.fingerprint(bytes))
        case .md5: return MD5.digest(bytes)
        case .sha256: return SHA256.digest(bytes)
        }
    }
}

/// CRC-64-AVRO: the 64-bit Rabin fingerprint the Avro spec defines.
public enum RabinFingerprint {
    /// Both the initial value and the reflected polynomial.
    public static let empty: UInt64 = 0xC15D_213A_A4D7_A795

    /// The byte-at-a-time table, built once.
    static let table: [UInt64] = (0..<256).map { i in
        var fp = UInt64(i)
        for _ in 0..<8 { fp = (fp >> 1) ^ (empty & (0 &- (fp & 1))) }
        return fp
    }

    /// The fingerprint of a byte string.
    public static func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        table.withUnsafeBufferPointer { table in
            var fp = empty
            for byte in bytes { fp = (fp >> 8) ^ table[Int((fp ^ UInt64(byte)) & 0xFF)] }
            return fp
        }
    }

    /// The 8 little-endian bytes of a fingerprint.
    public static func littleEndianBytes(_ fp: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: fp >> (8 * UInt64($0))) }
    }
}
