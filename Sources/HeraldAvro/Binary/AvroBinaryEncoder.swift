/// Encodes `AvroValue`s to Avro binary with one schema, checking that each value has the schema's shape.
public struct AvroBinaryEncoder: Sendable {
    /// The schema values follow.
    public let schema: AvroSchema
    let plan: DatumPlan

    /// Prepares an encoder for `schema`.
    public init(schema: AvroSchema) {
        self.schema = schema
        self.plan = DatumPlan(schema)
    }

    /// The binary encoding of `value`.
    public func encode(_ value: AvroValue) throws(AvroEncodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try encode(value, into: &out)
        return out
    }

    /// Appends the binary encoding of `value` to `out`; on error `out` may hold a partial encoding.
    public func encode(_ value: AvroValue, into out: inout [UInt8]) throws(AvroEncodingError) {
        do throws(EncodingFailure) {
            try plan.ops.withUnsafeBufferPointer { ops throws(EncodingFailure) in
                try plan.children.withUnsafeBufferPointer { children throws(EncodingFailure) in
                    let writer = BinaryValueWriter(ops: ops, children: children, plan: plan)
                    try writer.write(value, node: plan.root, into: &out)
                }
            }
        } catch {
            throw AvroEncodingError(path: DatumPath.render(error.reversedPath.reversed()), message: error.message)
        }
    }
}

/// A failed encode, with the path collected while unwinding (innermost component first).
struct EncodingFailure: Error {
    var message: String
    var reversedPath: [DatumPath.Component] = []
}

/// The recursive part of `AvroBinaryEncoder`.
struct BinaryValueWriter {
    let ops: UnsafeBufferPointer<DatumPlan.Op>
    let children: UnsafeBufferPointer<Int32>
    let plan: DatumPlan

    func mismatch(_ value: AvroValue, _ node: Int) -> EncodingFailure {
        EncodingFailure(message: "expected \(ops[node].kind.specName) but found \(value.kindName) value")
    }

    // Switching on the value alone (not a tuple with the kind) avoids copying it.
    func write(_ value: AvroValue, node: Int, into out: inout [UInt8]) throws(EncodingFailure) {
        let op = ops[node]
        switch value {
        case .null:
            guard op.kind == .null else { throw mismatch(value, node) }
        case .boolean(let b):
            guard op.kind == .boolean else { throw mismatch(value, node) }
            out.append(b ? 1 : 0)
        case .int(let v):
            guard op.kind == .int else { throw mismatch(value, node) }
            BinaryWriting.appendLong(Int64(v), to: &out)
        case .long(let v):
            guard op.kind == .long else { throw mismatch(value, node) }
            BinaryWriting.appendLong(v, to: &out)
        case .float(let v):
            guard op.kind == .float else { throw mismatch(value, node) }
            BinaryWriting.appendFloat(v, to: &out)
        case .double(let v):
            guard op.kind == .double else { throw mismatch(value, node) }
            BinaryWriting.appendDouble(v, to: &out)
        case .string(let s):
            guard op.kind == .string else { throw mismatch(value, node) }
            BinaryWriting.appendString(s, to: &out)
        case .bytes(let b):
            guard op.kind == .bytes else { throw mismatch(value, node) }
            BinaryWriting.appendLong(Int64(b.count), to: &out)
            out.append(contentsOf: b)
        case .fixed(let b):
            guard op.kind == .fixed else { throw mismatch(value, node) }
            guard b.count == Int(op.a) else {
                throw EncodingFailure(message: "fixed value has \(b.count) bytes, the schema's size is \(op.a)")
            }
            out.append(contentsOf: b)
        case .enumeration(let index, _):
            guard op.kind == .enumeration else { throw mismatch(value, node) }
            guard index >= 0, index < Int(op.b) else {
                throw EncodingFailure(message: "enum index \(index) out of range (\(op.b) symbols)")
            }
            BinaryWriting.appendLong(Int64(index), to: &out)
        case .record(let fields):
            guard op.kind == .record else { throw mismatch(value, node) }
            let start = Int(op.a), count = Int(op.b)
            guard fields.count == count else {
                throw EncodingFailure(message: "record has \(fields.count) field values, the schema has \(count) fields")
            }
            // Unsafe buffers borrow elements; array subscripts would copy (retain) each one.
            try fields.withUnsafeBufferPointer { fields throws(EncodingFailure) in
                for i in 0..<count {
                    do throws(EncodingFailure) {
                        try write(fields[i], node: Int(children[start + i]), into: &out)
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
            BinaryWriting.appendLong(Int64(branch), to: &out)
            try write(inner, node: Int(children[Int(op.a) + branch]), into: &out)
        case .array(let items):
            guard op.kind == .array else { throw mismatch(value, node) }
            if !items.isEmpty {
                BinaryWriting.appendLong(Int64(items.count), to: &out)
                let item = Int(op.a)
                try items.withUnsafeBufferPointer { items throws(EncodingFailure) in
                    for i in 0..<items.count {
                        do throws(EncodingFailure) {
                            try write(items[i], node: item, into: &out)
                        } catch {
                            var failure = error
                            failure.reversedPath.append(.index(i))
                            throw failure
                        }
                    }
                }
            }
            out.append(0)
        case .map(let entries):
            guard op.kind == .map else { throw mismatch(value, node) }
            if !entries.isEmpty {
                BinaryWriting.appendLong(Int64(entries.count), to: &out)
                let item = Int(op.a)
                try entries.withUnsafeBufferPointer { entries throws(EncodingFailure) in
                    for i in 0..<entries.count {
                        BinaryWriting.appendString(entries[i].key, to: &out)
                        do throws(EncodingFailure) {
                            try write(entries[i].value, node: item, into: &out)
                        } catch {
                            var failure = error
                            failure.reversedPath.append(.key(entries[i].key))
                            throw failure
                        }
                    }
                }
            }
            out.append(0)
        }
    }
}

extension DatumPlan.Kind {
    /// The spec's type name.
    var specName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record: "record"
        case .enumeration: "enum"
        case .fixed: "fixed"
        case .array: "array"
        case .map: "map"
        case .union: "union"
        }
    }
}
