import Testing
@testable import HeraldAvro

/// Untrusted bytes never crash the decoder: every failure is a clean error with a sane offset.
@Suite struct DecoderRobustnessTests {
    func expectCleanFailureOrSuccess(_ decoder: AvroBinaryDecoder, _ bytes: [UInt8]) {
        do {
            _ = try decoder.decode(bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) of \(bytes.count): \(error)")
        }
        do {
            try decoder.check(bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
        }
    }

    @Test func everyTruncationFailsCleanly() throws {
        var generator = DatumGenerator(seed: 42)
        for _ in 0..<60 {
            let schema = generator.schema()
            let value = generator.datum(schema, schema.root)
            let bytes = try AvroBinaryEncoder(schema: schema).encode(value)
            let decoder = AvroBinaryDecoder(schema: schema)
            for cut in 0..<bytes.count {
                let prefix = Array(bytes[..<cut])
                // A strict prefix cannot be the whole datum unless the tail was zero bytes long.
                if let decoded = try? decoder.decode(prefix) { #expect(decoded != value || cut == bytes.count) }
                expectCleanFailureOrSuccess(decoder, prefix)
            }
        }
    }

    @Test func randomCorruptionNeverCrashes() throws {
        var generator = DatumGenerator(seed: 7)
        for _ in 0..<60 {
            let schema = generator.schema()
            let bytes = try AvroBinaryEncoder(schema: schema).encode(generator.datum(schema, schema.root))
            let decoder = AvroBinaryDecoder(schema: schema, limits: DecodingLimits(maxDepth: 32, maxCollectionItems: 10_000))
            for _ in 0..<40 {
                var corrupt = bytes
                for _ in 0..<generator.int(1...3) where !corrupt.isEmpty {
                    corrupt[generator.int(0...corrupt.count - 1)] = UInt8(generator.int(0...255))
                }
                if generator.chance(0.2) { corrupt.append(contentsOf: generator.bytes(generator.int(1...12))) }
                expectCleanFailureOrSuccess(decoder, corrupt)
                expectCleanFailureOrSuccess(decoder, generator.bytes(generator.int(0...40)))
            }
        }
    }

    @Test func absurdLengthsAreRefusedBeforeAllocating() throws {
        let strings = AvroBinaryDecoder(schema: SchemaBuilder.primitive(.string))
        // Length 2^62 with two bytes following.
        let huge: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x61, 0x62]
        #expect(throws: AvroDecodingError.self) { try strings.decode(huge) }
        #expect(throws: AvroDecodingError(.negativeLength(-1), at: 0)) { try strings.decode([0x01] as [UInt8]) }
        #expect(throws: AvroDecodingError(.lengthExceedsInput(3, remaining: 2), at: 0)) { try strings.decode([0x06, 0x61, 0x62] as [UInt8]) }

        var b = SchemaBuilder()
        let long = b.add(.long)
        let array = b.add(.array(items: long))
        let longs = AvroBinaryDecoder(schema: b.schema(root: array))
        // A block claiming 2^40 longs in 3 bytes.
        #expect(throws: AvroDecodingError.self) { try longs.decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x02, 0x02, 0x02] as [UInt8]) }

        var n = SchemaBuilder()
        let null = n.add(.null)
        let nulls = n.add(.array(items: null))
        let limited = AvroBinaryDecoder(schema: n.schema(root: nulls), limits: DecodingLimits(maxCollectionItems: 100))
        // Zero-size items are bounded by the item budget, not by the input.
        #expect(throws: AvroDecodingError(.limitExceeded("collection items exceed the limit of 100"), at: 0)) {
            try limited.decode([0xca, 0x01, 0x00] as [UInt8])
        }
        #expect(try limited.decode([0xc8, 0x01, 0x00] as [UInt8]) == .array(Array(repeating: .null, count: 100)))
    }

    @Test func badVarintsUTF8AndIndexes() {
        let longs = AvroBinaryDecoder(schema: SchemaBuilder.primitive(.long))
        #expect(throws: AvroDecodingError(.malformedVarint, at: 0)) { try longs.decode([UInt8](repeating: 0xff, count: 11)) }
        #expect(throws: AvroDecodingError(.malformedVarint, at: 0)) { try longs.decode([UInt8](repeating: 0xff, count: 9) + [0x02]) }
        #expect(throws: AvroDecodingError(.truncated, at: 0)) { try longs.decode([0x80] as [UInt8]) }
        #expect(throws: AvroDecodingError(.trailingBytes(1), at: 1)) { try longs.decode([0x02, 0x02] as [UInt8]) }

        let strings = AvroBinaryDecoder(schema: SchemaBuilder.primitive(.string))
        #expect(throws: AvroDecodingError(.invalidUTF8, at: 0)) { try strings.decode([0x04, 0xc3, 0x28] as [UInt8]) }
        #expect(throws: AvroDecodingError(.invalidUTF8, at: 0)) { try strings.check([0x06, 0xed, 0xa0, 0x80] as [UInt8]) }

        let e = AvroBinaryDecoder(schema: SchemaBuilder.primitive(.enumeration(AvroEnum(name: AvroName(fullName: "E"), symbols: ["A", "B"]))))
        #expect(throws: AvroDecodingError(.enumIndexOutOfRange(2, symbols: 2), at: 0)) { try e.decode([0x04] as [UInt8]) }
        #expect(throws: AvroDecodingError(.enumIndexOutOfRange(-1, symbols: 2), at: 0)) { try e.check([0x01] as [UInt8]) }

        var u = SchemaBuilder()
        let null = u.add(.null), int = u.add(.int)
        let union = u.add(.union(branches: [null, int]))
        let unions = AvroBinaryDecoder(schema: u.schema(root: union))
        #expect(throws: AvroDecodingError(.unionIndexOutOfRange(2, branches: 2), at: 0)) { try unions.decode([0x04] as [UInt8]) }

        let booleans = AvroBinaryDecoder(schema: SchemaBuilder.primitive(.boolean))
        #expect(throws: AvroDecodingError(.invalidBoolean(2), at: 0)) { try booleans.decode([0x02] as [UInt8]) }
    }

    @Test func depthIsLimitedOnRecursiveSchemas() {
        // record Node { next: union { null, Node } }: each level costs one byte, so 300 bytes nest 300 deep.
        var b = SchemaBuilder()
        let node = b.reserve()
        let null = b.add(.null)
        let next = b.add(.union(branches: [null, node]))
        b.set(node, .record(AvroRecord(name: AvroName(fullName: "Node"), fields: [AvroField(name: "next", type: next)])))
        let decoder = AvroBinaryDecoder(schema: b.schema(root: node), limits: DecodingLimits(maxDepth: 100))
        let deep = [UInt8](repeating: 0x02, count: 300) + [0x00]
        #expect(throws: AvroDecodingError.self) { try decoder.decode(deep) }
        #expect(throws: AvroDecodingError.self) { try decoder.check(deep) }
        let shallow = [UInt8](repeating: 0x02, count: 20) + [0x00]
        #expect((try? decoder.decode(shallow)) != nil)
    }
}
