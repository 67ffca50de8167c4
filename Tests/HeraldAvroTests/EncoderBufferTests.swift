import Testing
@testable import HeraldAvro

/// `AvroBinaryEncoder.encode(_:into:)` with one output array reused across records, and encodings longer than the
/// encoder's scratch region, byte for byte against the spec's encoding written out here.
@Suite struct EncoderBufferTests {
    /// The spec's zig-zag varint of `value`, written out independently of the encoder.
    func varint(_ value: Int64) -> [UInt8] {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var bytes: [UInt8] = []
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
        return bytes
    }

    /// record Event { id: string, tags: array<string>, payload: bytes, code: union { null, long } }
    func eventSchema() -> AvroSchema {
        var b = SchemaBuilder()
        let string = b.add(.string), bytes = b.add(.bytes), long = b.add(.long), null = b.add(.null)
        let tags = b.add(.array(items: string))
        let code = b.add(.union(branches: [null, long]))
        let event = b.record("Event", [("id", string), ("tags", tags), ("payload", bytes), ("code", code)])
        return b.schema(root: event)
    }

    func event(id: String, tags: [String], payload: [UInt8], code: Int64?) -> AvroValue {
        .record([.string(id), .array(tags.map { .string($0) }), .bytes(payload),
                 code.map { .union(branch: 1, value: .long($0)) } ?? .union(branch: 0, value: .null)])
    }

    func expected(id: String, tags: [String], payload: [UInt8], code: Int64?) -> [UInt8] {
        var out = varint(Int64(id.utf8.count)) + Array(id.utf8)
        if !tags.isEmpty {
            out += varint(Int64(tags.count))
            for tag in tags { out += varint(Int64(tag.utf8.count)) + Array(tag.utf8) }
        }
        out.append(0)
        out += varint(Int64(payload.count)) + payload
        if let code { out += [0x02] + varint(code) } else { out.append(0x00) }
        return out
    }

    @Test func oneArrayServesRecordsOfEverySize() throws {
        let encoder = AvroBinaryEncoder(schema: eventSchema())
        // Sizes around the scratch region (1,024 bytes): short, just under, just over, several times over.
        let shapes: [(String, [String], Int, Int64?)] = [
            ("a", [], 0, nil),
            (String(repeating: "x", count: 1_000), ["t"], 10, 1),
            ("é" + String(repeating: "y", count: 1_020), [], 3, -1),
            ("short", Array(repeating: "tag", count: 400), 2_000, Int64.max),
            ("", [String(repeating: "z", count: 5_000)], 1, Int64.min),
            ("b", ["x"], 0, 0),
        ]
        var out: [UInt8] = []
        var largest = 0
        for (id, tags, payloadSize, code) in shapes {
            let payload = (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            out.removeAll(keepingCapacity: true)
            try encoder.encode(event(id: id, tags: tags, payload: payload, code: code), into: &out)
            let want = expected(id: id, tags: tags, payload: payload, code: code)
            #expect(out == want, "record with a \(id.utf8.count)-byte id, \(tags.count) tags, \(payloadSize)-byte payload")
            #expect(try encoder.encode(event(id: id, tags: tags, payload: payload, code: code)) == want)
            largest = max(largest, want.count)
            #expect(out.capacity >= largest, "removeAll(keepingCapacity:) keeps the largest record's room")
        }
    }

    @Test func encodingsAppendAfterWhatTheArrayHolds() throws {
        let encoder = AvroBinaryEncoder(schema: eventSchema())
        var out: [UInt8] = [0xAA, 0xBB]
        var want: [UInt8] = [0xAA, 0xBB]
        for n in [0, 1, 700, 1_023, 1_024, 1_025, 3_000] {
            let id = String(repeating: "k", count: n)
            try encoder.encode(event(id: id, tags: ["p", "q"], payload: [1, 2, 3], code: Int64(n)), into: &out)
            want += expected(id: id, tags: ["p", "q"], payload: [1, 2, 3], code: Int64(n))
        }
        #expect(out == want)
    }

    @Test func aFailedEncodeLeavesTheArrayAsItWas() throws {
        let encoder = AvroBinaryEncoder(schema: eventSchema())
        let prefix: [UInt8] = [7, 8, 9]
        // The mismatch comes after more than a scratch region's worth of bytes, so part of the record was already
        // moved to the array when it is found.
        let bad = AvroValue.record([.string(String(repeating: "x", count: 3_000)), .array([.string("ok"), .long(1)]),
                                    .bytes([]), .union(branch: 0, value: .null)])
        var out = prefix
        #expect(throws: AvroEncodingError(path: "$.tags[1]", message: "expected string but found long value")) {
            try encoder.encode(bad, into: &out)
        }
        #expect(out == prefix)
        let badBranch = AvroValue.record([.string("id"), .array([]), .bytes([1]), .union(branch: 2, value: .null)])
        #expect(throws: AvroEncodingError(path: "$.code", message: "union branch 2 out of range (2 branches)")) {
            try encoder.encode(badBranch, into: &out)
        }
        #expect(out == prefix)
        // The same array still takes the next record.
        try encoder.encode(event(id: "ok", tags: [], payload: [], code: 5), into: &out)
        #expect(out == prefix + expected(id: "ok", tags: [], payload: [], code: 5))
    }

    @Test func scalarsOfEveryKindInsideRecordsArraysMapsAndUnions() throws {
        // Fields, items, map values and union branches take the encoder's in-place path for scalars; mismatches
        // there still fall through to the full check with its message.
        var b = SchemaBuilder()
        let null = b.add(.null), boolean = b.add(.boolean), int = b.add(.int), long = b.add(.long)
        let float = b.add(.float), double = b.add(.double), string = b.add(.string)
        let doubles = b.add(.array(items: double)), ints = b.add(.map(values: int))
        let choice = b.add(.union(branches: [null, boolean, string]))
        let root = b.record("All", [("n", null), ("b", boolean), ("i", int), ("l", long), ("f", float), ("d", double),
                                    ("s", string), ("ds", doubles), ("m", ints), ("u", choice)])
        let encoder = AvroBinaryEncoder(schema: b.schema(root: root))
        let value = AvroValue.record([.null, .boolean(true), .int(-3), .long(300), .float(1), .double(-2.5), .string("hé"),
                                      .array([.double(1), .double(0)]), .map([AvroMapEntry(key: "k", value: .int(64))]),
                                      .union(branch: 2, value: .string("u"))])
        let want: [UInt8] = [0x01, 0x05, 0xd8, 0x04, 0x00, 0x00, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0x04, 0xc0,
                             0x06, 0x68, 0xc3, 0xa9,
                             0x04, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0, 0x00,
                             0x02, 0x02, 0x6b, 0x80, 0x01, 0x00,
                             0x04, 0x02, 0x75]
        #expect(try encoder.encode(value) == want)
        #expect(try AvroBinaryDecoder(schema: encoder.schema).decode(want) == value)

        let wrongItem = AvroValue.record([.null, .boolean(true), .int(-3), .long(300), .float(1), .double(-2.5), .string("hé"),
                                          .array([.double(1), .float(0)]), .map([]), .union(branch: 0, value: .null)])
        #expect(throws: AvroEncodingError(path: "$.ds[1]", message: "expected double but found float value")) {
            try encoder.encode(wrongItem)
        }
        let wrongValue = AvroValue.record([.null, .boolean(true), .int(-3), .long(300), .float(1), .double(-2.5), .string("hé"),
                                           .array([]), .map([AvroMapEntry(key: "k", value: .long(1))]), .union(branch: 1, value: .string("x"))])
        #expect(throws: AvroEncodingError(path: "$.m[\"k\"]", message: "expected int but found long value")) {
            try encoder.encode(wrongValue)
        }
        let wrongBranch = AvroValue.record([.null, .boolean(true), .int(-3), .long(300), .float(1), .double(-2.5), .string("hé"),
                                            .array([]), .map([]), .union(branch: 1, value: .string("x"))])
        #expect(throws: AvroEncodingError.self) { try encoder.encode(wrongBranch) }
    }
}
