/// Where `AvroBinaryEncoder` writes: a scratch region filled through a raw pointer, moved into the caller's array
/// when full and once at the end.
///
/// Every write first makes room for its largest size, so a primitive costs a bounds compare and raw stores, not an
/// `Array.append` (uniqueness check, capacity check, count update) per byte.
struct EncodingSink {
    let scratch: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// Bytes in `scratch` not yet moved to `out`.
    var count = 0
    let out: UnsafeMutablePointer<[UInt8]>

    /// The most bytes a zig-zag varint of an `Int64` takes.
    static let maxVarintSize = 10

    init(scratch: UnsafeMutableBufferPointer<UInt8>, out: UnsafeMutablePointer<[UInt8]>) {
        self.scratch = scratch.baseAddress!
        self.capacity = scratch.count
        self.out = out
    }

    @inline(__always)
    mutating func makeRoom(_ size: Int) {
        if capacity &- count < size { flush() }
    }

    @inline(never)
    mutating func flush() {
        out.pointee.append(contentsOf: UnsafeBufferPointer(start: scratch, count: count))
        count = 0
    }

    @inline(__always)
    mutating func byte(_ byte: UInt8) {
        makeRoom(1)
        scratch[count] = byte
        count &+= 1
    }

    /// A zig-zag varint.
    @inline(__always)
    mutating func long(_ value: Int64) {
        makeRoom(Self.maxVarintSize)
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var p = scratch + count
        while v >= 0x80 {
            p.pointee = UInt8(truncatingIfNeeded: v) | 0x80
            p += 1
            v >>= 7
        }
        p.pointee = UInt8(truncatingIfNeeded: v)
        count = p - scratch + 1
    }

    @inline(__always)
    mutating func float(_ value: Float) {
        makeRoom(4)
        UnsafeMutableRawPointer(scratch + count).storeBytes(of: value.bitPattern.littleEndian, as: UInt32.self)
        count &+= 4
    }

    @inline(__always)
    mutating func double(_ value: Double) {
        makeRoom(8)
        UnsafeMutableRawPointer(scratch + count).storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self)
        count &+= 8
    }

    /// Raw bytes (fixed, or the body of bytes and strings); bytes longer than the scratch region go straight to `out`.
    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        let size = bytes.count
        if capacity &- count < size {
            flush()
            if size > capacity {
                out.pointee.append(contentsOf: bytes)
                return
            }
        }
        if size > 16 {
            (scratch + count).update(from: bytes.baseAddress!, count: size)
        } else if size > 0 {
            Self.copyShort(from: UnsafeRawPointer(bytes.baseAddress!), to: UnsafeMutableRawPointer(scratch + count), size)
        }
        count &+= size
    }

    /// Copies 1–16 bytes with a few loads and stores, not a call to `memmove` (most strings and fixed values are
    /// this short). Loads stay within the source's 8-byte halves: a short string's bytes were just stored to the
    /// stack as two 8-byte words, and a load straddling both would wait for them (a failed store-to-load forward).
    @inline(__always)
    static func copyShort(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _ size: Int) {
        if size >= 8 {
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            copyUpTo8(from: source + 8, to: target + 8, size &- 8)
        } else {
            copyUpTo8(from: source, to: target, size)
        }
    }

    @inline(__always)
    static func copyUpTo8(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _ size: Int) {
        if size == 8 {
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        } else if size >= 4 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: size &- 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: size &- 4, as: UInt32.self)
        } else if size > 0 {
            // 1 to 3 bytes: the first, middle and last cover them all.
            target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            target.storeBytes(of: source.load(fromByteOffset: size >> 1, as: UInt8.self), toByteOffset: size >> 1, as: UInt8.self)
            target.storeBytes(of: source.load(fromByteOffset: size &- 1, as: UInt8.self), toByteOffset: size &- 1, as: UInt8.self)
        }
    }

    /// A length-prefixed byte sequence (Avro `bytes`).
    @inline(__always)
    mutating func lengthPrefixed(_ bytes: UnsafeBufferPointer<UInt8>) {
        long(Int64(bytes.count))
        raw(bytes)
    }

    /// A length-prefixed UTF-8 string, copied from the string's own storage.
    @inline(__always)
    mutating func string(_ value: String) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { lengthPrefixed($0) }
        if done == nil { stringSlowly(value) }
    }

    /// Bridged strings without contiguous UTF-8.
    @inline(never)
    mutating func stringSlowly(_ value: String) {
        let bytes = Array(value.utf8)
        bytes.withUnsafeBufferPointer { lengthPrefixed($0) }
    }
}
