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
        if size > 0 { (scratch + count).update(from: bytes.baseAddress!, count: size) }
        count &+= size
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
