import Testing
@testable import HeraldAvro

/// Byte-exact encodings written out from the Avro specification's binary encoding section.
@Suite struct BinaryFixtureTests {
    func roundTrip(_ schema: AvroSchema, _ value: AvroValue, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoded = try AvroBinaryEncoder(schema: schema).encode(value)
        #expect(encoded == bytes, sourceLocation: sourceLocation)
        let decoder = AvroBinaryDecoder(schema: schema)
        #expect(try decoder.decode(bytes) == value, sourceLocation: sourceLocation)
        try decoder.check(bytes)
    }

    @Test func zigZagLongs() throws {
        let schema = SchemaBuilder.primitive(.long)
        try roundTrip(schema, .long(0), [0x00])
        try roundTrip(schema, .long(-1), [0x01])
        try roundTrip(schema, .long(1), [0x02])
        try roundTrip(schema, .long(-2), [0x03])
        try roundTrip(schema, .long(2), [0x04])
        try roundTrip(schema, .long(-64), [0x7f])
        try roundTrip(schema, .long(64), [0x80, 0x01])
        try roundTrip(schema, .long(Int64.max), [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        try roundTrip(schema, .long(Int64.min), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    }

    @Test func ints() throws {
        let schema = SchemaBuilder.primitive(.int)
        try roundTrip(schema, .int(-64), [0x7f])
        try roundTrip(schema, .int(Int32.max), [0xfe, 0xff, 0xff, 0xff, 0x0f])
        try roundTrip(schema, .int(Int32.min), [0xff, 0xff, 0xff, 0xff, 0x0f])
        #expect(throws: AvroDecodingError(.intOutOfRange(Int64(Int32.max) + 1), at: 0)) {
            try AvroBinaryDecoder(schema: schema).decode([0x80, 0x80, 0x80, 0x80, 0x10] as [UInt8])
        }
    }

    @Test func primitives() throws {
        try roundTrip(SchemaBuilder.primitive(.null), .null, [])
        try roundTrip(SchemaBuilder.primitive(.boolean), .boolean(true), [0x01])
        try roundTrip(SchemaBuilder.primitive(.boolean), .boolean(false), [0x00])
        try roundTrip(SchemaBuilder.primitive(.string), .string("foo"), [0x06, 0x66, 0x6f, 0x6f])
        try roundTrip(SchemaBuilder.primitive(.string), .string(""), [0x00])
        try roundTrip(SchemaBuilder.primitive(.string), .string("é"), [0x04, 0xc3, 0xa9])
        try roundTrip(SchemaBuilder.primitive(.bytes), .bytes([0, 255]), [0x04, 0x00, 0xff])
        try roundTrip(SchemaBuilder.primitive(.float), .float(1.0), [0x00, 0x00, 0x80, 0x3f])
        try roundTrip(SchemaBuilder.primitive(.double), .double(1.0), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f])
        try roundTrip(SchemaBuilder.primitive(.double), .double(-2.5), [0, 0, 0, 0, 0, 0, 0x04, 0xc0])
        try roundTrip(SchemaBuilder.primitive(.long, .timestampMillis), .long(1_700_000_000_000), [0x80, 0xa0, 0xab, 0xfe, 0xf9, 0x62])
    }

    @Test func recordsEnumsFixed() throws {
        // The spec's example: record {a: long, b: string} with a=27, b="foo" → 36 06 66 6f 6f.
        var b = SchemaBuilder()
        let long = b.add(.long), string = b.add(.string)
        let record = b.record("test", [("a", long), ("b", string)])
        try roundTrip(b.schema(root: record), .record([.long(27), .string("foo")]), [0x36, 0x06, 0x66, 0x6f, 0x6f])

        let e = SchemaBuilder.primitive(.enumeration(AvroEnum(name: AvroName(fullName: "Suit"), symbols: ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"])))
        try roundTrip(e, .enumeration(index: 2, symbol: "DIAMONDS"), [0x04])

        let f = SchemaBuilder.primitive(.fixed(AvroFixed(name: AvroName(fullName: "F3"), size: 3)))
        try roundTrip(f, .fixed([1, 2, 3]), [1, 2, 3])
        #expect(throws: AvroEncodingError.self) { try AvroBinaryEncoder(schema: f).encode(.fixed([1, 2])) }
    }

    @Test func arraysMapsUnions() throws {
        // The spec's example: array of longs [3, 27] → 04 06 36 00.
        var b = SchemaBuilder()
        let long = b.add(.long)
        let array = b.add(.array(items: long))
        try roundTrip(b.schema(root: array), .array([.long(3), .long(27)]), [0x04, 0x06, 0x36, 0x00])
        try roundTrip(b.schema(root: array), .array([]), [0x00])

        var m = SchemaBuilder()
        let int = m.add(.int)
        let map = m.add(.map(values: int))
        try roundTrip(m.schema(root: map), .map([AvroMapEntry(key: "a", value: .int(1))]), [0x02, 0x02, 0x61, 0x02, 0x00])

        // The spec's example: union ["null","string"] with "a" → 02 02 61; null → 00.
        var u = SchemaBuilder()
        let null = u.add(.null), string = u.add(.string)
        let union = u.add(.union(branches: [null, string]))
        try roundTrip(u.schema(root: union), .union(branch: 1, value: .string("a")), [0x02, 0x02, 0x61])
        try roundTrip(u.schema(root: union), .union(branch: 0, value: .null), [0x00])
    }

    @Test func negativeBlockCountsCarryByteSizes() throws {
        var b = SchemaBuilder()
        let long = b.add(.long)
        let array = b.add(.array(items: long))
        let decoder = AvroBinaryDecoder(schema: b.schema(root: array))
        // Block of -2 items, 2 bytes, then a block of 1 item, then the end.
        let bytes: [UInt8] = [0x03, 0x04, 0x06, 0x36, 0x02, 0x08, 0x00]
        #expect(try decoder.decode(bytes) == .array([.long(3), .long(27), .long(4)]))
        try decoder.check(bytes)
    }

    @Test func recursiveRecordRoundTrips() throws {
        // record Node { value: int, next: union { null, Node } }
        var b = SchemaBuilder()
        let node = b.reserve()
        let int = b.add(.int), null = b.add(.null)
        let next = b.add(.union(branches: [null, node]))
        b.set(node, .record(AvroRecord(name: AvroName(fullName: "Node"), fields: [AvroField(name: "value", type: int), AvroField(name: "next", type: next)])))
        let value = AvroValue.record([.int(1), .union(branch: 1, value: .record([.int(2), .union(branch: 0, value: .null)]))])
        try roundTrip(b.schema(root: node), value, [0x02, 0x02, 0x04, 0x00])
    }

    @Test func encoderReportsThePathOfAMismatch() throws {
        var b = SchemaBuilder()
        let long = b.add(.long), string = b.add(.string)
        let line = b.record("Line", [("sku", string), ("qty", long)])
        let lines = b.add(.array(items: line))
        let order = b.record("Order", [("lines", lines)])
        let value = AvroValue.record([.array([.record([.string("a"), .long(1)]), .record([.string("b"), .string("2")])])])
        #expect(throws: AvroEncodingError(path: "$.lines[1].qty", message: "expected long but found string value")) {
            try AvroBinaryEncoder(schema: b.schema(root: order)).encode(value)
        }
    }
}
