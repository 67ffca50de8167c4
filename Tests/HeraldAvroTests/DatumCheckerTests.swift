import Testing
@testable import HeraldAvro

/// The compiled produce-time check: it gives exactly the decoder's answers (accepted with the same root-field
/// content, or the same error at the same offset), and on ordinary valid data it decides alone.
@Suite struct DatumCheckerTests {
    /// The decoder's answer and the checker's for `bytes`, as comparable text.
    static func answers(_ checker: AvroDatumChecker, _ bytes: [UInt8]) -> (decoder: String, checker: String) {
        func describe(_ body: () throws(AvroDecodingError) -> RootFieldContent?) -> String {
            do throws(AvroDecodingError) {
                return "accepted \(String(describing: try body()))"
            } catch {
                return "refused \(error) at \(error.offset)"
            }
        }
        return bytes.withUnsafeBytes { buffer in
            let expected = describe { () throws(AvroDecodingError) -> RootFieldContent? in
                if let field = checker.rootField { return try checker.decoder.checkWhole(buffer, rootField: field) }
                try checker.decoder.checkWhole(buffer)
                return nil
            }
            return (expected, describe { () throws(AvroDecodingError) in try checker.check(buffer) })
        }
    }

    /// Whether the compiled program alone accepts `bytes`.
    static func decidedAlone(_ checker: AvroDatumChecker, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in buffer.baseAddress.map { checker.fastCheck($0, count: buffer.count) != nil } ?? false }
    }

    @Test(arguments: 0..<4)
    func agreesWithTheDecoderOnGeneratedAndDamagedData(seedBase: Int) throws {
        var generator = DatumGenerator(seed: UInt64(seedBase) &* 6_364_136_223 &+ 11)
        var damage = SeededGenerator(seed: UInt64(seedBase) &+ 99)
        for _ in 0..<60 {
            let schema = generator.schema()
            let decoder = AvroBinaryDecoder(schema: schema)
            var fields: [Int?] = [nil]
            if case .record(let record) = schema.rootNode.type, !record.fields.isEmpty {
                fields.append(Int.random(in: 0..<record.fields.count, using: &generator.random))
            }
            for field in fields {
                let checker = AvroDatumChecker(decoder: decoder, rootField: field)
                for _ in 0..<4 {
                    let bytes = try AvroBinaryEncoder(schema: schema).encode(generator.datum(schema, schema.root))
                    var inputs = [bytes, bytes + [0], bytes + [0x80]]
                    for cut in 0..<bytes.count { inputs.append(Array(bytes[..<cut])) }
                    for _ in 0..<8 where !bytes.isEmpty {
                        var damaged = bytes
                        let at = Int.random(in: 0..<damaged.count, using: &damage)
                        damaged[at] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0F, 0x10, UInt8.random(in: 0...255, using: &damage)][Int.random(in: 0..<8, using: &damage)]
                        inputs.append(damaged)
                    }
                    for input in inputs {
                        let (expected, actual) = Self.answers(checker, input)
                        #expect(actual == expected, "\(input) field \(String(describing: field))")
                    }
                }
            }
        }
    }

    static let order = """
        {"type": "record", "name": "Order", "namespace": "t", "fields": [
          {"name": "eventId", "type": "string"},
          {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "note", "type": ["null", "string"], "default": null},
          {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
          {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "code", "type": "string"}, {"name": "quantity", "type": "int"},
            {"name": "price", "type": {"type": "record", "name": "Money", "fields": [
              {"name": "amountMinor", "type": "long"}, {"name": "currency", "type": "string"}]}}]}}},
          {"name": "total", "type": "Money"},
          {"name": "tags", "type": {"type": "map", "values": "boolean"}},
          {"name": "hash", "type": {"type": "fixed", "name": "H", "size": 4}},
          {"name": "ratio", "type": ["null", "double", "float"]}]}
        """

    @Test func decidesOrdinaryEventsAlone() throws {
        let schema = try #require(AvroSchemaParser().parse(Self.order, file: "o.avsc").schema)
        let decoder = AvroBinaryDecoder(schema: schema)
        let checker = AvroDatumChecker(decoder: decoder, rootField: try #require(decoder.rootFieldIndex(named: "eventId")))
        let json = """
            {"eventId": "e-1", "at": 1772185200000, "note": {"string": "ré"}, "kind": "B",
             "lines": [{"code": "X", "quantity": 70000, "price": {"amountMinor": 3874500, "currency": "GBP"}},
                       {"code": "Y", "quantity": -3, "price": {"amountMinor": -1, "currency": "EUR"}}],
             "total": {"amountMinor": 3964400, "currency": "GBP"}, "tags": {"a": true, "b": false},
             "hash": "abcd", "ratio": {"double": 0.5}}
            """
        let value = try AvroJSONReader(schema: schema, encoding: .avroJSON).read(try JSONParser().parse(json))
        let bytes = try AvroBinaryEncoder(schema: schema).encode(value)
        #expect(Self.decidedAlone(checker, bytes))
        #expect(Self.answers(checker, bytes).checker == "accepted Optional(HeraldAvro.RootFieldContent.present)")
        // An empty ID is found by the program too.
        let empty = try AvroBinaryEncoder(schema: schema).encode(
            try AvroJSONReader(schema: schema, encoding: .avroJSON).read(try JSONParser().parse(json.replacingOccurrences(of: "\"e-1\"", with: "\"\""))))
        #expect(Self.decidedAlone(checker, empty))
        #expect(Self.answers(checker, empty).checker == "accepted Optional(HeraldAvro.RootFieldContent.empty)")
        // A bad union index, an enum index out of range and trailing bytes are left to the decoder, which refuses them.
        for input in [bytes + [1], Array(bytes.dropLast())] {
            #expect(!Self.decidedAlone(checker, input))
            let (expected, actual) = Self.answers(checker, input)
            #expect(actual == expected && actual.hasPrefix("refused"))
        }
    }

    @Test func recursiveSchemasAndTheDepthLimit() throws {
        let list = """
            {"type": "record", "name": "Node", "fields": [
              {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]}
            """
        let schema = try #require(AvroSchemaParser().parse(list, file: "l.avsc").schema)
        for maxDepth in [4, 9, 128] {
            let checker = AvroDatumChecker(decoder: AvroBinaryDecoder(schema: schema, limits: DecodingLimits(maxDepth: maxDepth)))
            for length in 0..<12 {
                // `length` more nodes after the first: value 1, branch 1 (Node) … then branch 0 (null).
                let bytes: [UInt8] = Array(repeating: [2, 2] as [UInt8], count: length).flatMap { $0 } + [2, 0]
                let (expected, actual) = Self.answers(checker, bytes)
                #expect(actual == expected, "max depth \(maxDepth), \(length) nodes")
                if maxDepth == 128 { #expect(Self.decidedAlone(checker, bytes)) }
            }
        }
    }

    @Test func collectionLimitsAreTheDecoders() throws {
        let schema = try #require(AvroSchemaParser().parse(#"{"type": "array", "items": {"type": "map", "values": "string"}}"#, file: "a.avsc").schema)
        let checker = AvroDatumChecker(decoder: AvroBinaryDecoder(schema: schema, limits: DecodingLimits(maxCollectionItems: 3, maxStringLength: 2)))
        let inputs: [[UInt8]] = [
            [0],
            [2, 2, 2, 0x61, 2, 0x62, 0, 0],                  // one map {"a": "b"}
            [4, 0, 0, 0],                                     // two empty maps
            [8, 0, 0, 0, 0, 0],                               // four items: over the budget of three
            [2, 2, 6, 0x61, 0x62, 0x63, 0, 0, 0],            // a key longer than two bytes
            [3, 4, 0, 0],                                     // a negative count with its block size
            [3, 40, 0, 0],                                    // a block size beyond the data
            [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],                   // a count the data cannot hold
        ]
        for input in inputs {
            let (expected, actual) = Self.answers(checker, input)
            #expect(actual == expected, "\(input)")
        }
    }

    @Test func intsAndLongsAtTheirLimits() throws {
        let schema = try #require(AvroSchemaParser().parse(#"{"type": "record", "name": "R", "fields": [{"name": "i", "type": "int"}, {"name": "l", "type": "long"}]}"#, file: "r.avsc").schema)
        let checker = AvroDatumChecker(decoder: AvroBinaryDecoder(schema: schema))
        let ints: [[UInt8]] = [[0], [0x7F], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0x10],
                               [0x80, 0x80, 0x80, 0x80, 0x80, 0x00], [0x80, 0x80, 0x80, 0x80]]
        let longs: [[UInt8]] = [[1], Array(repeating: 0xFF, count: 9) + [0x01], Array(repeating: 0xFF, count: 9) + [0x02],
                                Array(repeating: 0x80, count: 7) + [0x00], Array(repeating: 0x80, count: 11) + [0x00]]
        for int in ints {
            for long in longs {
                for padding in [[], Array(repeating: 0 as UInt8, count: 9)] as [[UInt8]] {
                    let (expected, actual) = Self.answers(checker, int + long + padding)
                    #expect(actual == expected, "\(int) \(long) + \(padding.count)")
                }
            }
        }
    }
}
