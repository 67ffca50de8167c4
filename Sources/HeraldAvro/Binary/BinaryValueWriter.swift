/// The recursive part of `AvroBinaryEncoder`: walks a value beside the schema's `DatumPlan` and writes to a sink.
///
/// Values travel by pointer into their parent's storage: passing an `AvroValue` itself to the recursive call makes
/// Swift copy it, a retain and a release per field. Element arrays are reached without retaining them (`values`,
/// `entries`, `bytes`); only a union's boxed value is still copied.
struct BinaryValueWriter {
    let ops: UnsafeBufferPointer<DatumPlan.Op>
    let children: UnsafeBufferPointer<Int32>
    let plan: DatumPlan

    /// Where an `AvroMapEntry` keeps its value, so entries' values too are passed by pointer.
    static let mapValueOffset = MemoryLayout<AvroMapEntry>.offset(of: \AvroMapEntry.value)!

    // The elements of a record, array, map, bytes or fixed value, without retaining its array. The pointer outlives
    // `withUnsafeBufferPointer`, which is sound here: the storage belongs to the value tree that `encode` keeps alive
    // and unchanged for the whole walk. Binding the array in `write` instead retains it until the end of the case,
    // past the recursive calls: a retain and a release (atomic operations) per record, array, map, bytes and fixed
    // value, a fifth of the time. Here the copy ends at once and the pair is optimised away.

    static func values(_ value: UnsafePointer<AvroValue>) -> UnsafeBufferPointer<AvroValue> {
        switch value.pointee {
        case .record(let values), .array(let values): values.withUnsafeBufferPointer { $0 }
        default: UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    static func entries(_ value: UnsafePointer<AvroValue>) -> UnsafeBufferPointer<AvroMapEntry> {
        guard case .map(let entries) = value.pointee else { return UnsafeBufferPointer(start: nil, count: 0) }
        return entries.withUnsafeBufferPointer { $0 }
    }

    static func bytes(_ value: UnsafePointer<AvroValue>) -> UnsafeBufferPointer<UInt8> {
        switch value.pointee {
        case .bytes(let bytes), .fixed(let bytes): bytes.withUnsafeBufferPointer { $0 }
        default: UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    func mismatch(_ value: UnsafePointer<AvroValue>, _ node: Int) -> EncodingFailure {
        EncodingFailure(message: "expected \(ops[node].kind.specName) but found \(value.pointee.kindName) value")
    }

    /// Writes a field, item or branch that is a scalar of the schema's kind in place, without the call to `write`
    /// (most of a record's fields); returns false for anything else, mismatches included, which `write` then handles.
    @inline(__always)
    func writeScalar(_ value: UnsafePointer<AvroValue>, node: Int, into sink: inout EncodingSink) -> Bool {
        let kind = ops[node].kind
        switch value.pointee {
        case .null:
            return kind == .null
        case .boolean(let b):
            guard kind == .boolean else { return false }
            sink.byte(b ? 1 : 0)
        case .int(let v):
            guard kind == .int else { return false }
            sink.long(Int64(v))
        case .long(let v):
            guard kind == .long else { return false }
            sink.long(v)
        case .double(let v):
            guard kind == .double else { return false }
            sink.double(v)
        case .string(let s):
            guard kind == .string else { return false }
            sink.string(s)
        default:
            return false
        }
        return true
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
        case .bytes:
            guard op.kind == .bytes else { throw mismatch(value, node) }
            sink.lengthPrefixed(Self.bytes(value))
        case .fixed:
            guard op.kind == .fixed else { throw mismatch(value, node) }
            let b = Self.bytes(value)
            guard b.count == Int(op.a) else {
                throw EncodingFailure(message: "fixed value has \(b.count) bytes, the schema's size is \(op.a)")
            }
            sink.raw(b)
        case .enumeration(let index, _):
            guard op.kind == .enumeration else { throw mismatch(value, node) }
            guard index >= 0, index < Int(op.b) else {
                throw EncodingFailure(message: "enum index \(index) out of range (\(op.b) symbols)")
            }
            sink.long(Int64(index))
        case .record:
            guard op.kind == .record else { throw mismatch(value, node) }
            let start = Int(op.a), count = Int(op.b)
            let fields = Self.values(value)
            guard fields.count == count else {
                throw EncodingFailure(message: "record has \(fields.count) field values, the schema has \(count) fields")
            }
            if let base = fields.baseAddress {
                for i in 0..<count {
                    let child = Int(children[start &+ i])
                    if writeScalar(base + i, node: child, into: &sink) { continue }
                    do throws(EncodingFailure) {
                        try write(base + i, node: child, into: &sink)
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
                if writeScalar(inner, node: child, into: &sink) { return }
                try write(inner, node: child, into: &sink)
            }
        case .array:
            guard op.kind == .array else { throw mismatch(value, node) }
            let buffer = Self.values(value)
            if let base = buffer.baseAddress, !buffer.isEmpty {
                sink.long(Int64(buffer.count))
                let item = Int(op.a)
                for i in 0..<buffer.count {
                    if writeScalar(base + i, node: item, into: &sink) { continue }
                    do throws(EncodingFailure) {
                        try write(base + i, node: item, into: &sink)
                    } catch {
                        var failure = error
                        failure.reversedPath.append(.index(i))
                        throw failure
                    }
                }
            }
            sink.byte(0)
        case .map:
            guard op.kind == .map else { throw mismatch(value, node) }
            let buffer = Self.entries(value)
            if let base = buffer.baseAddress, !buffer.isEmpty {
                sink.long(Int64(buffer.count))
                let item = Int(op.a)
                for i in 0..<buffer.count {
                    sink.string(base[i].key)
                    let entryValue = (UnsafeRawPointer(base + i) + Self.mapValueOffset).assumingMemoryBound(to: AvroValue.self)
                    if writeScalar(entryValue, node: item, into: &sink) { continue }
                    do throws(EncodingFailure) {
                        try write(entryValue, node: item, into: &sink)
                    } catch {
                        var failure = error
                        failure.reversedPath.append(.key(base[i].key))
                        throw failure
                    }
                }
            }
            sink.byte(0)
        }
    }
}
