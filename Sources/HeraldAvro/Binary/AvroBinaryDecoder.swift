/// Decodes Avro binary data written with one schema into `AvroValue`s, safely for untrusted input.
public struct AvroBinaryDecoder: Sendable {
    /// The writer's schema.
    public let schema: AvroSchema
    /// The bounds checked while decoding.
    public let limits: DecodingLimits
    let plan: DatumPlan

    /// Prepares a decoder for data written with `schema`.
    public init(schema: AvroSchema, limits: DecodingLimits = .default) {
        self.schema = schema
        self.limits = limits
        self.plan = DatumPlan(schema)
    }

    /// Decodes one datum that must fill `bytes` exactly.
    public func decode(_ bytes: [UInt8]) throws(AvroDecodingError) -> AvroValue {
        try bytes.withUnsafeBufferPointer { typed throws(AvroDecodingError) in try decodeWhole(UnsafeRawBufferPointer(typed)) }
    }

    /// Decodes one datum that must fill `bytes` exactly (e.g. a message body after its header).
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
    public func check(_ bytes: [UInt8]) throws(AvroDecodingError) {
        try bytes.withUnsafeBufferPointer { typed throws(AvroDecodingError) in try checkWhole(UnsafeRawBufferPointer(typed)) }
    }

    /// Verifies that `bytes` hold exactly one well-formed datum.
    public func check(_ bytes: ArraySlice<UInt8>) throws(AvroDecodingError) {
        try bytes.withUnsafeBufferPointer { typed throws(AvroDecodingError) in try checkWhole(UnsafeRawBufferPointer(typed)) }
    }

    /// Verifies that `buffer` holds exactly one well-formed datum.
    public func checkWhole(_ buffer: UnsafeRawBufferPointer) throws(AvroDecodingError) {
        var offset = 0
        try check(buffer, at: &offset)
        guard offset == buffer.count else { throw AvroDecodingError(.trailingBytes(buffer.count - offset), at: offset) }
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

