/// The recursive part of `AvroBinaryEncoder`: walks a value beside the schema's `DatumPlan` and writes to a sink.
///
/// Values travel by pointer into their parent's storage: passing an `AvroValue` itself to the recursive call makes
/// Swift copy it, a retain and a release per field. Only a record's (or array's, map's) element array and a union's
/// box are retained, once each.
struct BinaryValueWriter {
    let ops: UnsafeBufferPointer<DatumPlan.Op>
    let children: UnsafeBufferPointer<Int32>
    let plan: DatumPlan

    /// Where an `AvroMapEntry` keeps its value, so entries' values too are passed by pointer.
    static let mapValueOffset = MemoryLayout<AvroMapEntry>.offset(of: \AvroMapEntry.value)!

    func mismatch(_ value: UnsafePointer<AvroValue>, _ node: Int) -> EncodingFailure {
        EncodingFailure(message: "expected \(ops[node].kind.specName) but found \(value.pointee.kindName) value")
    }

    func write(_ value: UnsafePointer<AvroValue>, node: Int, into sink: inout EncodingSink) throws(EncodingFailure) {
        let op = ops[node]
        switch value.pointee {
        case .null:
            guard op.kind == .null else { throw mismatch(value, node) }
        case .boolean(let b):
            guard op.kind == .boolean else { throw mismatch(value, node) }
            sink.byte(b ? 1 : 0)
        case .int(let v):
            guard op.kind == .int else { throw mismatch(value, node) }
            sink.long(Int64(v))
        case .long(let v):
            guard op.kind == .long else { throw mismatch(value, node) }
            sink.long(v)
        case .float(let v):
            guard op.kind == .float else { throw mismatch(value, node) }
            sink.float(v)
        case .double(let v):
            guard op.kind == .double else { throw mismatch(value, node) }
            sink.double(v)
        case .string(let s):
            guard op.kind == .string else { throw mismatch(value, node) }
            sink.string(s)
        case .bytes(let b):
            guard op.kind == .bytes else { throw mismatch(value, node) }
            b.withUnsafeBufferPointer { sink.lengthPrefixed($0) }
        case .fixed(let b):
            guard op.kind == .fixed else { throw mismatch(value, node) }
            guard b.count == Int(op.a) else {
                throw EncodingFailure(message: "fixed value has \(b.count) bytes, the schema's size is \(op.a)")
            }
            b.withUnsafeBufferPointer { sink.raw($0) }
        case .enumeration(let index, _):
            guard op.kind == .enumeration else { throw mismatch(value, node) }
            guard index >= 0, index < Int(op.b) else {
                throw EncodingFailure(message: "enum index \(index) out of range (\(op.b) symbols)")
            }
            sink.long(Int64(index))
        case .record(let fields):
            guard op.kind == .record else { throw mismatch(value, node) }
            let start = Int(op.a), count = Int(op.b)
            guard fields.count == count else {
                throw EncodingFailure(message: "record has \(fields.count) field values, the schema has \(count) fields")
            }
            try fields.withUnsafeBufferPointer { fields throws(EncodingFailure) in
                guard let base = fields.baseAddress else { return }
                for i in 0..<count {
                    do throws(EncodingFailure) {
                        try write(base + i, node: Int(children[start &+ i]), into: &sink)
                    } catch {
                        var failure = error
                        failure.reversedPath.append(.field(plan.childNames[start + i]))
                        throw failure
                    }
                }
            }
        case .union(let branch, let inner):
            guard op.kind == .union else { throw mismatch(value, node) }
            guard branch >= 0, branch < Int(op.b) else {
                throw EncodingFailure(message: "union branch \(branch) out of range (\(op.b) branches)")
            }
            sink.long(Int64(branch))
            let child = Int(children[Int(op.a) &+ branch])
            try withUnsafePointer(to: inner) { inner throws(EncodingFailure) in
                try write(inner, node: child, into: &sink)
            }
        case .array(let items):
            guard op.kind == .array else { throw mismatch(value, node) }
            if !items.isEmpty {
                sink.long(Int64(items.count))
                let item = Int(op.a)
                try items.withUnsafeBufferPointer { items throws(EncodingFailure) in
                    guard let base = items.baseAddress else { return }
                    for i in 0..<items.count {
                        do throws(EncodingFailure) {
                            try write(base + i, node: item, into: &sink)
                        } catch {
                            var failure = error
                            failure.reversedPath.append(.index(i))
                            throw failure
                        }
                    }
                }
            }
            sink.byte(0)
        case .map(let entries):
            guard op.kind == .map else { throw mismatch(value, node) }
            if !entries.isEmpty {
                sink.long(Int64(entries.count))
                let item = Int(op.a)
                try entries.withUnsafeBufferPointer { entries throws(EncodingFailure) in
                    guard let base = entries.baseAddress else { return }
                    for i in 0..<entries.count {
                        sink.string(entries[i].key)
                        let entryValue = (UnsafeRawPointer(base + i) + Self.mapValueOffset).assumingMemoryBound(to: AvroValue.self)
                        do throws(EncodingFailure) {
                            try write(entryValue, node: item, into: &sink)
                        } catch {
                            var failure = error
                            failure.reversedPath.append(.key(entries[i].key))
                            throw failure
                        }
                    }
                }
            }
            sink.byte(0)
        }
    }
}
