/// Decodes Avro binary data written with one schema into `AvroValue`s, safely for untrusted input.
public struct AvroBinaryDecoder: Sendable {
    /// The writer's schema.
    public let schema: AvroSchema
    public let limits: DecodingLimits
    let plan: DatumPlan

    /// Prepares a decoder for data written with `schema`.
    public init(schema: AvroSchema, limits: DecodingLimits = .default) {
        self.schema = schema
        self.limits = limits
        self.plan = DatumPlan(schema)
    }

    /// Decodes one datum that must fill `bytes` exactly.
    public func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(AvroDecodingError) -> AvroValue {
        try withBuffer(bytes) { buffer throws(AvroDecodingError) in
            var offset = 0
            let value = try decode(buffer, at: &offset)
            guard offset == buffer.count else { throw AvroDecodingError(.trailingBytes(buffer.count - offset), at: offset) }
            return value
        }
    }

    /// Decodes one datum starting at `offset`, advancing `offset` past it; for concatenated datums such as container blocks.
    public func decode(_ buffer: UnsafeRawBufferPointer, at offset: inout Int) throws(AvroDecodingError) -> AvroValue {
        let value: AvroValue = try plan.ops.withUnsafeBufferPointer { ops throws(AvroDecodingError) in
            try plan.children.withUnsafeBufferPointer { children throws(AvroDecodingError) in
                var session = BinaryDecodingSession(
                    cursor: BinaryCursor(buffer, offset: offset), ops: ops, children: children, symbols: plan.symbols, limits: limits)
                let value = try session.value(plan.root)
                offset = session.cursor.offset
                return value
            }
        }
        return value
    }

    /// Verifies that `bytes` hold exactly one well-formed datum, without building it: the produce-time check.
    public func check<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(AvroDecodingError) {
        try withBuffer(bytes) { buffer throws(AvroDecodingError) in
            var offset = 0
            try check(buffer, at: &offset)
            guard offset == buffer.count else { throw AvroDecodingError(.trailingBytes(buffer.count - offset), at: offset) }
        }
    }

    /// Verifies one datum starting at `offset`, advancing `offset` past it.
    public func check(_ buffer: UnsafeRawBufferPointer, at offset: inout Int) throws(AvroDecodingError) {
        try plan.ops.withUnsafeBufferPointer { ops throws(AvroDecodingError) in
            try plan.children.withUnsafeBufferPointer { children throws(AvroDecodingError) in
                var session = BinaryDecodingSession(
                    cursor: BinaryCursor(buffer, offset: offset), ops: ops, children: children, symbols: plan.symbols, limits: limits)
                try session.skip(plan.root)
                offset = session.cursor.offset
            }
        }
    }
}

/// Runs `body` over the bytes of any collection, without copying when they are already contiguous.
func withBuffer<Bytes: Collection<UInt8>, Output>(
    _ bytes: Bytes, _ body: (UnsafeRawBufferPointer) throws(AvroDecodingError) -> Output
) throws(AvroDecodingError) -> Output {
    let direct = bytes.withContiguousStorageIfAvailable { typed in
        Result { () throws(AvroDecodingError) -> Output in try body(UnsafeRawBufferPointer(typed)) }
    }
    if let direct { return try direct.get() }
    return try Array(bytes).withUnsafeBytes { raw in
        Result { () throws(AvroDecodingError) -> Output in try body(raw) }
    }.get()
}
