import Testing
@testable import HeraldAvro

@Suite struct ResolvingDecoderTests {
    func parse(_ text: String) throws -> AvroSchema {
        let result = AvroSchemaParser().parse(text, file: nil)
        return try #require(result.schema, "\(result.diagnostics)")
    }

    func resolve(_ writerText: String, _ readerText: String, _ writerJSON: String) throws -> String {
        let writer = try parse(writerText), reader = try parse(readerText)
        let value = try AvroJSONReader(schema: writer, encoding: .avroJSON).read(try JSONParser().parse(writerJSON))
        let bytes = try AvroBinaryEncoder(schema: writer).encode(value)
        let resolved = try AvroResolvingDecoder(writer: writer, reader: reader).decode(bytes)
        return try AvroJSONWriter(schema: reader, encoding: .avroJSON).text(resolved)
    }

    @Test func promotions() throws {
        #expect(try resolve(#""int""#, #""long""#, "7") == "7")
        #expect(try resolve(#""int""#, #""double""#, "7") == "7.0")
        #expect(try resolve(#""long""#, #""float""#, "3") == "3.0")
        #expect(try resolve(#""float""#, #""double""#, "1.5") == "1.5")
        #expect(try resolve(#""string""#, #""bytes""#, #""hi""#) == #""hi""#)
        #expect(try resolve(#""bytes""#, #""string""#, #""hi""#) == #""hi""#)
        #expect(throws: AvroResolutionError.self) { try resolve(#""long""#, #""int""#, "7") }
    }

    @Test func recordsSkipWriterFieldsAndFillReaderDefaults() throws {
        let writer = #"{"type":"record","name":"ns1.R","fields":[{"name":"a","type":"int"},{"name":"gone","type":{"type":"array","items":"string"}},{"name":"b","type":"string"}]}"#
        let reader = #"{"type":"record","name":"ns2.R","fields":[{"name":"b","type":"string"},{"name":"c","type":["null","long"],"default":null},{"name":"renamed","aliases":["a"],"type":"long"},{"name":"d","type":"int","default":5}]}"#
        #expect(try resolve(writer, reader, #"{"a":1,"gone":["x","y"],"b":"z"}"#) == #"{"b":"z","c":null,"renamed":1,"d":5}"#)
        let missing = #"{"type":"record","name":"R","fields":[{"name":"e","type":"int"}]}"#
        #expect(throws: AvroResolutionError(path: "$.e", message: "reader field \"e\" of record R is missing from the writer's ns1.R and has no default")) {
            try AvroResolvingDecoder(writer: try parse(writer), reader: try parse(missing))
        }
    }

    @Test func enumsUseTheReaderDefaultForUnknownSymbols() throws {
        let writer = #"{"type":"enum","name":"E","symbols":["A","B","C"]}"#
        let reader = #"{"type":"enum","name":"E","symbols":["C","A","UNKNOWN"],"default":"UNKNOWN"}"#
        #expect(try resolve(writer, reader, #""A""#) == #""A""#)
        #expect(try resolve(writer, reader, #""B""#) == #""UNKNOWN""#)
        let strict = #"{"type":"enum","name":"E","symbols":["A"]}"#
        #expect(try resolve(writer, strict, #""A""#) == #""A""#)
        #expect(throws: AvroDecodingError.self) { try resolve(writer, strict, #""C""#) }
    }

    @Test func unionsResolveBranchByBranch() throws {
        // Writer union → first matching reader branch.
        #expect(try resolve(#"["null","int"]"#, #"["null","string","long"]"#, #"{"int":3}"#) == #"{"long":3}"#)
        #expect(try resolve(#"["null","int"]"#, #"["null","string","long"]"#, "null") == "null")
        // Reader union, writer not a union.
        #expect(try resolve(#""int""#, #"["null","double","long"]"#, "3") == #"{"double":3.0}"#)
        // Writer union, reader not a union: fine for branches that match, an error for the others when used.
        #expect(try resolve(#"["null","int"]"#, #""long""#, #"{"int":4}"#) == "4")
        #expect(throws: AvroDecodingError.self) { try resolve(#"["null","int"]"#, #""long""#, "null") }
        #expect(throws: AvroResolutionError.self) { try AvroResolvingDecoder(writer: try parse(#""int""#), reader: try parse(#"["null","string"]"#)) }
    }

    @Test func recursiveSchemasResolve() throws {
        let writer = #"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}"#
        let reader = #"{"type":"record","name":"Node","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","Node"]},{"name":"tag","type":"string","default":"t"}]}"#
        #expect(try resolve(writer, reader, #"{"v":1,"next":{"Node":{"v":2,"next":null}}}"#)
                == #"{"v":1,"next":{"Node":{"v":2,"next":null,"tag":"t"}},"tag":"t"}"#)
    }

    @Test func identicalSchemasResolveLikePlainDecoding() throws {
        var generator = DatumGenerator(seed: 99)
        for _ in 0..<50 {
            let schema = generator.schema()
            let decoder = try AvroResolvingDecoder(writer: schema, reader: schema)
            for _ in 0..<3 {
                let value = generator.datum(schema, schema.root)
                #expect(try decoder.decode(try AvroBinaryEncoder(schema: schema).encode(value)) == value)
            }
        }
    }
}

@Suite struct DefaultReadingTests {
    @Test func recordDefaultsMayLeaveOutFieldsWithTheirOwnDefaults() throws {
        let text = #"""
        {"type":"record","name":"R","fields":[
          {"name":"inner","type":{"type":"record","name":"I","fields":[
            {"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]},
           "default":{"a":1}}]}
        """#
        let schema = try #require(AvroSchemaParser().parse(text, file: nil).schema)
        #expect(try AvroJSONReader(schema: schema).read(.object(JSONObject())) == .record([.record([.int(1), .string("x")])]))
    }
}
