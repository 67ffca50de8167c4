import Testing
@testable import HeraldAvro

/// Properties over generated schemas and datums (seeded, so failures reproduce).
@Suite struct RoundTripPropertyTests {
    @Test(arguments: 0..<4)
    func binaryRoundTrips(seedBase: Int) throws {
        var generator = DatumGenerator(seed: UInt64(seedBase) &* 7919 &+ 1)
        for _ in 0..<100 {
            let schema = generator.schema()
            let encoder = AvroBinaryEncoder(schema: schema)
            let decoder = AvroBinaryDecoder(schema: schema)
            for _ in 0..<5 {
                let value = generator.datum(schema, schema.root)
                let bytes = try encoder.encode(value)
                #expect(try decoder.decode(bytes) == value)
                try decoder.check(bytes)
            }
        }
    }

    @Test(arguments: 0..<4)
    func jsonRoundTrips(seedBase: Int) throws {
        var generator = DatumGenerator(seed: UInt64(seedBase) &* 104_729 &+ 3)
        for _ in 0..<100 {
            let schema = generator.schema()
            let tagged = AvroJSONWriter(schema: schema, encoding: .avroJSON)
            let taggedReader = AvroJSONReader(schema: schema, encoding: .avroJSON)
            let plain = AvroJSONWriter(schema: schema, encoding: .plain)
            let plainReader = AvroJSONReader(schema: schema, encoding: .plain)
            for _ in 0..<5 {
                let value = generator.datum(schema, schema.root)
                // Avro JSON is unambiguous: datum → JSON text → datum is the identity.
                let text = try tagged.text(value)
                let reparsed = try JSONParser().parse(text)
                #expect(AvroValidator.validate(reparsed, against: schema, encoding: .avroJSON) == [])
                #expect(try taggedReader.read(reparsed) == value, "\(text)")
                // Plain JSON may pick an earlier union branch, but JSON → datum → JSON → datum is stable.
                let plainText = try plain.text(value)
                let first = try plainReader.read(try JSONParser().parse(plainText))
                let second = try plainReader.read(try JSONParser().parse(try plain.text(first)))
                #expect(first == second, "\(plainText)")
                // And the datum it reads encodes to binary that decodes back.
                let bytes = try AvroBinaryEncoder(schema: schema).encode(first)
                #expect(try AvroBinaryDecoder(schema: schema).decode(bytes) == first)
            }
        }
    }
}
