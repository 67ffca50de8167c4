/// Decodes data written with the writer's schema into values shaped by the reader's schema (Avro schema resolution).
public struct AvroResolvingDecoder: Sendable {
    /// The schema the data was written with.
    public let writer: AvroSchema
    /// The schema values are read as.
    public let reader: AvroSchema
    /// The bounds checked while decoding.
    public let limits: DecodingLimits
    let writerPlan: DatumPlan
    let plan: ResolutionPlan

    /// Works out the resolution once; throws when no data of `writer` could ever be read as `reader`.
    public init(writer: AvroSchema, reader: AvroSchema, limits: DecodingLimits = .default) throws(AvroResolutionError) {
        self.writer = writer
        self.reader = reader
        self.limits = limits
        self.writerPlan = DatumPlan(writer)
        self.plan = try ResolutionPlan(writer: writer, reader: reader)
    }

    /// Decodes one datum that must fill `bytes` exactly.
    public func decode(_ bytes: [UInt8]) throws(AvroDecodingError) -> AvroValue {
        try bytes.withUnsafeBufferPointer { typed throws(AvroDecodingError) in try decodeWhole(UnsafeRawBufferPointer(typed)) }
    }

    /// Decodes one datum that must fill `bytes` exactly.
    public func decode(_ bytes: ArraySlice<UInt8>) throws(AvroDecodingError) -> AvroValue {
        try bytes.withUnsafeBufferPointer { typed throws(AvroDecodingError) in try decodeWhole(UnsafeRawBufferPointer(typed)) }
    }

    /// Decodes one datum that must fill `buffer` exactly.
    public func decodeWhole(_ buffer: UnsafeRawBufferPointer) throws(AvroDecodingError) -> AvroValue {
        var offset = 0
        let value = try decode(buffer, at: &offset)
        guard offset == buffer.count else { throw AvroDecodingError(.trailingBytes(buffer.count - offset), at: offset) }
        return value
    }

    /// Decodes one datum starting at `offset`, advancing `offset` past it.
    public func decode(_ buffer: UnsafeRawBufferPointer, at offset: inout Int) throws(AvroDecodingError) -> AvroValue {
        try writerPlan.ops.withUnsafeBufferPointer { ops throws(AvroDecodingError) in
            try writerPlan.children.withUnsafeBufferPointer { children throws(AvroDecodingError) in
                var run = ResolvingRun(
                    session: BinaryDecodingSession(
                        cursor: BinaryCursor(buffer, offset: offset), ops: ops, children: children, symbols: writerPlan.symbols, limits: limits),
                    steps: plan.steps)
                let value = try run.value(plan.root)
                offset = run.session.cursor.offset
                return value
            }
        }
    }
}

/// One resolving decode: follows plan steps, using the writer's session to read and skip.
struct ResolvingRun {
    var session: BinaryDecodingSession
    let steps: [ResolutionPlan.Step]

    mutating func value(_ index: Int) throws(AvroDecodingError) -> AvroValue {
        switch steps[index] {
        case .same(let w): return try session.value(w)
        case .promote(let promotion):
            switch promotion {
            case .intToLong: return .long(Int64(try session.cursor.readInt()))
            case .intToFloat: return .float(Float(try session.cursor.readInt()))
            case .intToDouble: return .double(Double(try session.cursor.readInt()))
            case .longToFloat: return .float(Float(try session.cursor.readLong()))
            case .longToDouble: return .double(Double(try session.cursor.readLong()))
            case .floatToDouble: return .double(Double(try session.cursor.readFloat()))
            case .stringToBytes: return .bytes(Array(try session.cursor.readString(limit: session.limits.maxStringLength).utf8))
            case .bytesToString:
                let start = session.cursor.offset
                let length = try session.cursor.readLength(limit: session.limits.maxBytesLength, what: "bytes")
                let buffer = session.cursor.take(length)
                guard UTF8Validation.isValid(buffer) else { throw AvroDecodingError(.invalidUTF8, at: start) }
                return .string(String(decoding: buffer, as: UTF8.self))
            }
        case .fixed(let size): return .fixed(Array(try session.cursor.takeFixed(size)))
        case .enumeration(let map, let symbols, let name):
            let start = session.cursor.offset
            let index = try session.cursor.readLong()
            guard index >= 0, index < Int64(map.count) else {
                throw AvroDecodingError(.enumIndexOutOfRange(index, symbols: map.count), at: start)
            }
            guard let readerIndex = map[Int(index)] else {
                throw AvroDecodingError(.unresolvable("symbol \(index) of the writer's enum \(name) is unknown to the reader, which has no enum default"), at: start)
            }
            return .enumeration(index: readerIndex, symbol: symbols[readerIndex])
        case .array(let items, let writerItems):
            try session.enter()
            defer { session.depth -= 1 }
            var out: [AvroValue] = []
            while true {
                let count = try session.nextBlock(itemMinSize: Int(session.ops[writerItems].minSize))
                if count == 0 { break }
                out.reserveCapacity(out.count + count)
                for _ in 0..<count { out.append(try value(items)) }
            }
            return .array(out)
        case .map(let values, let writerValues):
            try session.enter()
            defer { session.depth -= 1 }
            var out: [AvroMapEntry] = []
            while true {
                let count = try session.nextBlock(itemMinSize: 1 + Int(session.ops[writerValues].minSize))
                if count == 0 { break }
                out.reserveCapacity(out.count + count)
                for _ in 0..<count {
                    let key = try session.cursor.readString(limit: session.limits.maxStringLength)
                    out.append(AvroMapEntry(key: key, value: try value(values)))
                }
            }
            return .map(out)
        case .record(let fields, let count, let defaults):
            try session.enter()
            defer { session.depth -= 1 }
            var out = [AvroValue](repeating: .null, count: count)
            for action in fields {
                switch action {
                case .read(let readerIndex, let step): out[readerIndex] = try value(step)
                case .skip(let writerNode): try session.skip(writerNode)
                }
            }
            for (index, fallback) in defaults { out[index] = fallback }
            return .record(out)
        case .writerUnion(let branches, let names):
            try session.enter()
            defer { session.depth -= 1 }
            let start = session.cursor.offset
            let index = try session.cursor.readLong()
            guard index >= 0, index < Int64(branches.count) else {
                throw AvroDecodingError(.unionIndexOutOfRange(index, branches: branches.count), at: start)
            }
            guard let step = branches[Int(index)] else {
                throw AvroDecodingError(.unresolvable("the writer's union branch \(names[Int(index)]) cannot be read with the reader's schema"), at: start)
            }
            return try value(step)
        case .readerUnion(let branch, let step):
            return .union(branch: branch, value: try value(step))
        case .pending:
            throw AvroDecodingError(.unresolvable("incomplete resolution plan"), at: session.cursor.offset)
        }
    }
}
