import Testing
@testable import HeraldAvro

/// The produce-time check: a root field's content read without building the value, and a path-tracking diagnosis
/// that agrees with `check` on what fails.
@Suite struct BinaryDatumCheckTests {
    static func schema(_ json: String) throws -> AvroSchema {
        try #require(AvroSchemaParser().parse(json, file: "t.avsc").schema)
    }

    static let event = """
        {"type": "record", "name": "E", "fields": [
          {"name": "eventId", "type": ["null", "string"]},
          {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "L", "fields": [
            {"name": "price", "type": "long"}]}}},
          {"name": "tags", "type": {"type": "map", "values": "int"}}]}
        """

    @Test func rootFieldContentIsReadWithoutBuilding() throws {
        let decoder = AvroBinaryDecoder(schema: try Self.schema(Self.event))
        let field = try #require(decoder.rootFieldIndex(named: "eventId"))
        #expect(decoder.rootFieldIndex(named: "missing") == nil)
        func content(_ bytes: [UInt8]) throws -> RootFieldContent? {
            try bytes.withUnsafeBytes { try decoder.checkWhole($0, rootField: field) }
        }
        #expect(try content([2, 2, 0x61, 0, 0]) == .present)
        #expect(try content([0, 0, 0]) == .null)
        #expect(try content([2, 0, 0, 0]) == .empty)
        #expect(throws: AvroDecodingError.self) { try content([2, 0, 0, 0, 7]) }
    }

    @Test func diagnosisNamesThePathAndTheExpectedType() throws {
        let decoder = AvroBinaryDecoder(schema: try Self.schema(Self.event))
        func failure(_ bytes: [UInt8]) -> String? {
            bytes.withUnsafeBytes { decoder.diagnose($0)?.message() }
        }
        #expect(failure([2, 2, 0x61, 0, 0]) == nil)
        // Two lines announced, the second's price cut inside its varint.
        #expect(failure([0, 4, 0x80, 0x01, 0x80]) == "$.lines[1].price: expected long, found end of data at byte 4")
        // Two lines announced where one byte remains: refused before reading them.
        #expect(failure([0, 4, 2]) == "$.lines: expected 2 array items, found end of data at byte 1 (1 byte left)")
        // A map entry whose value is cut off.
        #expect(failure([0, 0, 2, 2, 0x6B]) == "$.tags[\"k\"]: expected int, found end of data at byte 5")
        #expect(failure([6]) == "$.eventId: union branch index 3 out of range (union has 2 branches) at byte 0")
        #expect(failure([0, 0, 0, 9]) == "$: 1 byte left over after the datum ends at byte 3")
    }

    @Test func diagnosisAgreesWithCheckOnEveryTruncation() throws {
        var generator = DatumGenerator(seed: 7)
        for _ in 0..<40 {
            let schema = generator.schema()
            let bytes = try AvroBinaryEncoder(schema: schema).encode(generator.datum(schema, schema.root))
            let decoder = AvroBinaryDecoder(schema: schema)
            for cut in 0...bytes.count {
                let prefix = Array(bytes[..<cut])
                let checks = (try? decoder.check(prefix)) != nil
                let diagnosed = prefix.withUnsafeBytes { decoder.diagnose($0) }
                #expect(checks == (diagnosed == nil), "cut \(cut) of \(bytes.count): \(diagnosed?.message() ?? "no diagnosis")")
            }
        }
    }
}
