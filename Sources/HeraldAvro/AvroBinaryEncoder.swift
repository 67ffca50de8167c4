/// Encodes `AvroValue`s to Avro binary with one schema, checking that each value has the schema's shape.
public struct AvroBinaryEncoder: Sendable {
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

    func write(_ value: AvroValue, node: Int, into out: inout [UInt8]) throws(EncodingFailure) {
        let op = ops[node]
        switch (op.kind, value) {
        case (.null, .null): return
        case (.boolean, .boolean(let b)): out.append(b ? 1 : 0)
        case (.int, .int(let v)): BinaryWriting.appendLong(Int64(v), to: &out)
        case (.long, .long(let v)): BinaryWriting.appendLong(v, to: &out)
        case (.float, .float(let v)): BinaryWriting.appendFloat(v, to: &out)
        case (.double, .double(let v)): BinaryWriting.appendDouble(v, to: &out)
        case (.string, .string(let s)): BinaryWriting.appendString(s, to: &out)
        case (.bytes, .bytes(let b)):
            BinaryWriting.appendLong(Int64(b.count), to: &out)
            out.append(contentsOf: b)
        case (.fixed, .fixed(let b)):
            guard b.count == Int(op.a) else {
                throw EncodingFailure(message: "fixed value has \(b.count) bytes, the schema's size is \(op.a)")
            }
            out.append(contentsOf: b)
        case (.enumeration, .enumeration(let index, _)):
            guard index >= 0, index < Int(op.b) else {
                throw EncodingFailure(message: "enum index \(index) out of range (\(op.b) symbols)")
            }
            BinaryWriting.appendLong(Int64(index), to: &out)
        case (.record, .record(let fields)):
            let start = Int(op.a), count = Int(op.b)
            guard fields.count == count else {
                throw EncodingFailure(message: "record has \(fields.count) field values, the schema has \(count) fields")
            }
            for i in 0..<count {
                do throws(EncodingFailure) {
                    try write(fields[i], node: Int(children[start + i]), into: &out)
                } catch {
                    var failure = error
                    failure.reversedPath.append(.field(plan.childNames[start + i]))
                    throw failure
                }
            }
        case (.union, .union(let branch, let inner)):
            guard branch >= 0, branch < Int(op.b) else {
                throw EncodingFailure(message: "union branch \(branch) out of range (\(op.b) branches)")
            }
            BinaryWriting.appendLong(Int64(branch), to: &out)
            try write(inner, node: Int(children[Int(op.a) + branch]), into: &out)
        case (.array, .array(let items)):
            if !items.isEmpty {
                BinaryWriting.appendLong(Int64(items.count), to: &out)
                let item = Int(op.a)
                for (i, element) in items.enumerated() {
                    do throws(EncodingFailure) {
                        try write(element, node: item, into: &out)
                    } catch {
                        var failure = error
                        failure.reversedPath.append(.index(i))
                        throw failure
                    }
                }
            }
            out.append(0)
        case (.map, .map(let entries)):
            if !entries.isEmpty {
                BinaryWriting.appendLong(Int64(entries.count), to: &out)
                let item = Int(op.a)
                for entry in entries {
                    BinaryWriting.appendString(entry.key, to: &out)
                    do throws(EncodingFailure) {
                        try write(entry.value, node: item, into: &out)
                    } catch {
                        var failure = error
                        failure.reversedPath.append(.key(entry.key))
                        throw failure
                    }
                }
            }
            out.append(0)
        default:
            throw mismatch(value, node)
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
