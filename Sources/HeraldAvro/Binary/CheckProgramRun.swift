/// One run of a `CheckProgram` over one buffer. Every method answers true to go on and false to give up, which
/// means "not accepted here": the datum is invalid, or a limit may be reached, or a varint is unusual; the caller
/// then decides with `BinaryDecodingSession.skip`.
struct CheckProgramRun {
    let base: UnsafeRawPointer
    let end: Int
    var offset = 0
    let code: UnsafeBufferPointer<CheckProgram.Instruction>
    let targets: UnsafeBufferPointer<Int32>
    let entries: UnsafeBufferPointer<Int32>
    let depths: UnsafeBufferPointer<Int32>
    let limits: DecodingLimits
    var itemsLeft: Int
    var mark = -1

    init(base: UnsafeRawPointer, count: Int, program: ProgramPointers, limits: DecodingLimits) {
        self.base = base
        self.end = count
        self.code = program.code
        self.targets = program.targets
        self.entries = program.entries
        self.depths = program.depths
        self.limits = limits
        self.itemsLeft = limits.maxCollectionItems
    }

    struct ProgramPointers {
        var code: UnsafeBufferPointer<CheckProgram.Instruction>
        var targets: UnsafeBufferPointer<Int32>
        var entries: UnsafeBufferPointer<Int32>
        var depths: UnsafeBufferPointer<Int32>
    }

    /// Runs subprogram `id` entered at nesting `depth`.
    mutating func run(_ id: Int, depth: Int) -> Bool {
        // Every level the subprogram enters stays within the limit, so no nesting check is needed inside it.
        guard depth + Int(depths[id]) <= limits.maxDepth else { return false }
        var pc = Int(entries[id])
        while true {
            let instruction = code[pc]
            pc += 1
            let count = Int(instruction.b)
            switch instruction.op {
            case .long:
                for _ in 0..<count { guard skipVarint(maxLength: 8) else { return false } }
            case .int:
                for _ in 0..<count { guard skipInt() else { return false } }
            case .string:
                for _ in 0..<count { guard skipString() else { return false } }
            case .optionalString:
                for _ in 0..<count {
                    guard let present = optional(nullIndex: instruction.a) else { return false }
                    if present { guard skipString() else { return false } }
                }
            case .optionalLong:
                for _ in 0..<count {
                    guard let present = optional(nullIndex: instruction.a) else { return false }
                    if present { guard skipVarint(maxLength: 8) else { return false } }
                }
            case .optionalInt:
                for _ in 0..<count {
                    guard let present = optional(nullIndex: instruction.a) else { return false }
                    if present { guard skipInt() else { return false } }
                }
            case .union:
                guard let index = smallLong(), index >= 0, index < Int(instruction.b) else { return false }
                pc = Int(targets[Int(instruction.a) + index])
            case .jump:
                pc = Int(instruction.a)
            case .boolean:
                for _ in 0..<count {
                    guard offset < end, base.load(fromByteOffset: offset, as: UInt8.self) <= 1 else { return false }
                    offset += 1
                }
            case .enumeration:
                for _ in 0..<count { guard let index = smallLong(), index >= 0, index < Int(instruction.a) else { return false } }
            case .double:
                guard end - offset >= 8 * count else { return false }
                offset += 8 * count
            case .float:
                guard end - offset >= 4 * count else { return false }
                offset += 4 * count
            case .bytes:
                for _ in 0..<count {
                    guard let length = length(limit: limits.maxBytesLength) else { return false }
                    offset += length
                }
            case .fixed:
                guard end - offset >= Int(instruction.a) * count else { return false }
                offset += Int(instruction.a) * count
            case .array, .map:
                guard collection(item: Int(instruction.a), minSize: Int(instruction.b), isMap: instruction.op == .map,
                                 depth: depth + Int(instruction.c)) else { return false }
            case .call:
                guard run(Int(instruction.a), depth: depth + Int(instruction.c)) else { return false }
            case .mark:
                mark = offset
            case .ret:
                return true
            }
        }
    }

    /// A null-or-value union's branch index: false for null, true for the value, nil for anything else.
    @inline(__always)
    mutating func optional(nullIndex: Int32) -> Bool? {
        guard offset < end else { return nil }
        let byte = base.load(fromByteOffset: offset, as: UInt8.self)
        // Index 0 is byte 0, index 1 is byte 2 (zig-zag).
        guard byte == 0 || byte == 2 else { return nil }
        offset += 1
        return Int32(byte >> 1) != nullIndex
    }

    /// A string within the length limit and the bytes remaining, in valid UTF-8.
    @inline(__always)
    mutating func skipString() -> Bool {
        guard let length = length(limit: limits.maxStringLength) else { return false }
        let start = base + offset
        offset += length
        // ASCII eight bytes at a time; anything else goes to the full UTF-8 check.
        var index = 0
        while index + 8 <= length {
            guard start.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 else {
                return UTF8Validation.isValid(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: length))
            }
            index += 8
        }
        while index < length {
            guard start.load(fromByteOffset: index, as: UInt8.self) < 0x80 else {
                return UTF8Validation.isValid(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: length))
            }
            index += 1
        }
        return true
    }

    /// Blocks of items, each checked by subprogram `item`; the same item budget and size checks as
    /// `BinaryDecodingSession.nextBlock`.
    mutating func collection(item: Int, minSize: Int, isMap: Bool, depth: Int) -> Bool {
        while true {
            guard var count = smallLong() ?? longLength() else { return false }
            if count == 0 { return true }
            if count < 0 {
                // A negative count is followed by the block's size in bytes.
                count = -count
                guard let size = smallLong() ?? longLength(), size >= 0, size <= end - offset else { return false }
            }
            guard count <= itemsLeft, minSize <= 0 || count <= (end - offset) / minSize else { return false }
            itemsLeft -= count
            for _ in 0..<count {
                if isMap {
                    guard skipString() else { return false }
                }
                guard run(item, depth: depth) else { return false }
            }
        }
    }

    /// Skips a varint of at most `maxLength` bytes read in one load; longer ones (legal up to 10 bytes, and rare)
    /// give up.
    @inline(__always)
    mutating func skipVarint(maxLength: Int) -> Bool {
        if end - offset >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let stops = ~word & 0x8080_8080_8080_8080
            guard stops != 0 else { return false }
            offset += (stops.trailingZeroBitCount &>> 3) &+ 1
            return true
        }
        var index = offset
        while index < end, index - offset < maxLength {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            index += 1
            if byte < 0x80 {
                offset = index
                return true
            }
        }
        return false
    }

    /// Skips an int: a varint of at most 5 bytes whose value fits 32 bits (as `readInt` requires).
    @inline(__always)
    mutating func skipInt() -> Bool {
        let start = offset
        guard skipVarint(maxLength: 5) else { return false }
        let length = offset - start
        if length < 5 { return true }
        // Five bytes: the last holds bits 28 and up, of which only 28–31 may be set. Six or more give up.
        return length == 5 && base.load(fromByteOffset: offset - 1, as: UInt8.self) < 0x10
    }

    /// A zig-zag long of one or two bytes (indexes, counts, lengths); nil for anything longer or truncated.
    @inline(__always)
    mutating func smallLong() -> Int? {
        guard offset < end else { return nil }
        let first = base.load(fromByteOffset: offset, as: UInt8.self)
        var raw: Int
        if first < 0x80 {
            raw = Int(first)
            offset += 1
        } else {
            guard offset + 1 < end else { return nil }
            let second = base.load(fromByteOffset: offset + 1, as: UInt8.self)
            guard second < 0x80 else { return nil }
            raw = Int(first & 0x7F) | Int(second) << 7
            offset += 2
        }
        return (raw &>> 1) ^ -(raw & 1)
    }

    /// A length prefix within `limit` and the bytes remaining; nil otherwise.
    @inline(__always)
    mutating func length(limit: Int) -> Int? {
        let start = offset
        guard let length = smallLong() ?? longLength() else { offset = start; return nil }
        guard length >= 0, length <= limit, length <= end - offset else { return nil }
        return length
    }

    /// A length of three or more bytes (long strings and bytes).
    mutating func longLength() -> Int? {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while index < end, shift < 63 {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            index += 1
            raw |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                offset = index
                let value = Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
                return Int(exactly: value)
            }
            shift += 7
        }
        return nil
    }
}
