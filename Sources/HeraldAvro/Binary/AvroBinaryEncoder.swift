/// Encodes `AvroValue`s to Avro binary with one schema, checking that each value has the schema's shape.
///
/// To encode many records without allocating, keep one output array and append to it with `encode(_:into:)`,
/// emptying it with `removeAll(keepingCapacity: true)` between records: the array grows only when a record is larger
/// than any before, and the encoder itself allocates nothing per record.
public struct AvroBinaryEncoder: Sendable {
    /// The schema values follow.
    public let schema: AvroSchema
    let plan: DatumPlan

    /// Bytes encoded in one stack region before they are moved to the output array.
    static let scratchSize = 1024

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

    /// Appends the binary encoding of `value` to `out`, keeping what `out` held before.
    ///
    /// On error `out` is left as it was before the call: no partial encoding is appended.
    public func encode(_ value: AvroValue, into out: inout [UInt8]) throws(AvroEncodingError) {
        let start = out.count
        do throws(EncodingFailure) {
            try withUnsafeMutablePointer(to: &out) { out throws(EncodingFailure) in
                try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch throws(EncodingFailure) in
                    try withUnsafePointer(to: value) { value throws(EncodingFailure) in
                        var sink = EncodingSink(scratch: scratch, out: out)
                        try plan.ops.withUnsafeBufferPointer { ops throws(EncodingFailure) in
                            try plan.children.withUnsafeBufferPointer { children throws(EncodingFailure) in
                                let writer = BinaryValueWriter(ops: ops, children: children, plan: plan)
                                try writer.write(value, node: plan.root, into: &sink)
                            }
                        }
                        sink.flush()
                    }
                }
            }
        } catch {
            out.removeSubrange(start...)
            throw AvroEncodingError(path: DatumPath.render(error.reversedPath.reversed()), message: error.message)
        }
    }
}

/// A failed encode, with the path collected while unwinding (innermost component first).
struct EncodingFailure: Error {
    var message: String
    var reversedPath: [DatumPath.Component] = []
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
