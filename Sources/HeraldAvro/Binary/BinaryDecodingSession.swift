/// One decode over one buffer: walks a `DatumPlan`, enforcing `DecodingLimits` as it goes.
struct BinaryDecodingSession {
    var cursor: BinaryCursor
    let ops: UnsafeBufferPointer<DatumPlan.Op>
    let children: UnsafeBufferPointer<Int32>
    let symbols: [[String]]
    let limits: DecodingLimits
    var depth = 0
    var itemsLeft: Int

    init(cursor: BinaryCursor, ops: UnsafeBufferPointer<DatumPlan.Op>, children: UnsafeBufferPointer<Int32>, symbols: [[String]], limits: DecodingLimits) {
        self.cursor = cursor
        self.ops = ops
        self.children = children
        self.symbols = symbols
        self.limits = limits
        self.itemsLeft = limits.maxCollectionItems
    }

    @inline(__always)
    mutating func enter() throws(AvroDecodingError) {
        depth += 1
        if depth > limits.maxDepth {
            throw AvroDecodingError(.limitExceeded("nesting deeper than the limit of \(limits.maxDepth)"), at: cursor.offset)
        }
    }

    /// Reads one block count and reserves it against the item budget, refusing counts the remaining bytes cannot hold.
    @inline(__always)
    mutating func nextBlock(itemMinSize: Int) throws(AvroDecodingError) -> Int {
        let start = cursor.offset
        let count = try cursor.readBlockCount()
        if count == 0 { return 0 }
        guard count <= Int64(itemsLeft) else {
            throw AvroDecodingError(.limitExceeded("collection items exceed the limit of \(limits.maxCollectionItems)"), at: start)
        }
        if itemMinSize > 0, count > Int64(cursor.remaining / itemMinSize) {
            throw AvroDecodingError(.lengthExceedsInput(count, remaining: cursor.remaining), at: start)
        }
        itemsLeft -= Int(count)
        return Int(count)
    }

    mutating func value(_ node: Int) throws(AvroDecodingError) -> AvroValue {
        let op = ops[node]
        switch op.kind {
        case .null: return .null
        case .boolean: return .boolean(try cursor.readBoolean())
        case .int: return .int(try cursor.readInt())
        case .long: return .long(try cursor.readLong())
        case .float: return .float(try cursor.readFloat())
        case .double: return .double(try cursor.readDouble())
        case .string: return .string(try cursor.readString(limit: limits.maxStringLength))
        case .bytes:
            let length = try cursor.readLength(limit: limits.maxBytesLength, what: "bytes")
            return .bytes(Array(cursor.take(length)))
        case .fixed:
            return .fixed(Array(try cursor.takeFixed(Int(op.a))))
        case .enumeration:
            let start = cursor.offset
            let index = try cursor.readLong()
            guard index >= 0, index < Int64(op.b) else {
                throw AvroDecodingError(.enumIndexOutOfRange(index, symbols: Int(op.b)), at: start)
            }
            return .enumeration(index: Int(index), symbol: symbols[Int(op.a)][Int(index)])
        case .record:
            try enter()
            defer { depth -= 1 }
            let start = Int(op.a), count = Int(op.b)
            var fields: [AvroValue] = []
            fields.reserveCapacity(count)
            for i in start..<start + count {
                fields.append(try value(Int(children[i])))
            }
            return .record(fields)
        case .union:
            try enter()
            defer { depth -= 1 }
            let start = cursor.offset
            let index = try cursor.readLong()
            guard index >= 0, index < Int64(op.b) else {
                throw AvroDecodingError(.unionIndexOutOfRange(index, branches: Int(op.b)), at: start)
            }
            return .union(branch: Int(index), value: try value(Int(children[Int(op.a) + Int(index)])))
        case .array:
            try enter()
            defer { depth -= 1 }
            let item = Int(op.a)
            let minSize = Int(ops[item].minSize)
            var items: [AvroValue] = []
            while true {
                let count = try nextBlock(itemMinSize: minSize)
                if count == 0 { break }
                items.reserveCapacity(items.count + count)
                for _ in 0..<count { items.append(try value(item)) }
            }
            return .array(items)
        case .map:
            try enter()
            defer { depth -= 1 }
            let item = Int(op.a)
            let minSize = Int(ops[item].minSize) + 1
            var entries: [AvroMapEntry] = []
            while true {
                let count = try nextBlock(itemMinSize: minSize)
                if count == 0 { break }
                entries.reserveCapacity(entries.count + count)
                for _ in 0..<count {
                    let key = try cursor.readString(limit: limits.maxStringLength)
                    entries.append(AvroMapEntry(key: key, value: try value(item)))
                }
            }
            return .map(entries)
        }
    }

    /// Walks one value without building it, with all the checks `value` makes.
    mutating func skip(_ node: Int) throws(AvroDecodingError) {
        let op = ops[node]
        switch op.kind {
        case .null: return
        case .boolean: _ = try cursor.readBoolean()
        case .int: _ = try cursor.readInt()
        case .long: _ = try cursor.readLong()
        case .float: _ = try cursor.readFloat()
        case .double: _ = try cursor.readDouble()
        case .string: try cursor.skipString(limit: limits.maxStringLength)
        case .bytes: _ = cursor.take(try cursor.readLength(limit: limits.maxBytesLength, what: "bytes"))
        case .fixed: _ = try cursor.takeFixed(Int(op.a))
        case .enumeration:
            let start = cursor.offset
            let index = try cursor.readLong()
            guard index >= 0, index < Int64(op.b) else {
                throw AvroDecodingError(.enumIndexOutOfRange(index, symbols: Int(op.b)), at: start)
            }
        case .record:
            try enter()
            defer { depth -= 1 }
            let start = Int(op.a)
            for i in start..<start + Int(op.b) { try skip(Int(children[i])) }
        case .union:
            try enter()
            defer { depth -= 1 }
            let start = cursor.offset
            let index = try cursor.readLong()
            guard index >= 0, index < Int64(op.b) else {
                throw AvroDecodingError(.unionIndexOutOfRange(index, branches: Int(op.b)), at: start)
            }
            try skip(Int(children[Int(op.a) + Int(index)]))
        case .array, .map:
            try enter()
            defer { depth -= 1 }
            let item = Int(op.a)
            let isMap = op.kind == .map
            let minSize = Int(ops[item].minSize) + (isMap ? 1 : 0)
            while true {
                let count = try nextBlock(itemMinSize: minSize)
                if count == 0 { break }
                for _ in 0..<count {
                    if isMap { try cursor.skipString(limit: limits.maxStringLength) }
                    try skip(item)
                }
            }
        }
    }
}
