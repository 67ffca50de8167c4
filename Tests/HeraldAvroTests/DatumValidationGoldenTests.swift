import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro
import HeraldTestSupport

/// Validation messages of the example files in `Resources/datum-validation`, compared with golden `.txt` files.
@Suite struct DatumValidationGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/datum-validation")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    func schema() throws -> AvroSchema {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("order.avsc"), encoding: .utf8)
        let result = AvroSchemaParser().parse(text, file: "order.avsc")
        return try #require(result.schema, "\(result.diagnostics)")
    }

    /// One line per problem: `file:line:col: error: message [RULE]` (expected / found on the next line).
    static func render(_ problems: [DatumProblem], file: String) -> String {
        problems.map { problem in
            let d = problem.diagnostic(file: file)
            return "\(d.location?.description ?? file): \(d.severity.rawValue): \(d.message) [\(d.rule)]\n    expected: \(problem.expected)\n    found: \(problem.found)\n"
        }.joined()
    }

    @Test(arguments: cases)
    func validationMatchesGolden(name: String) throws {
        let schema = try schema()
        let encoding: AvroJSONEncoding = name.hasPrefix("avro-json") ? .avroJSON : .plain
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let json = try JSONParser().parse(text)
        let problems = AvroValidator.validate(json, against: schema, encoding: encoding)
        let rendered = Self.render(problems, file: name)
        let golden = Self.folder.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".txt"))
        try Golden.check(rendered, against: golden)
        // The reader agrees with the validator: it succeeds exactly when there are no problems.
        let read = Result { try AvroJSONReader(schema: schema, encoding: encoding).read(json) }
        switch read {
        case .success(let value):
            #expect(problems.isEmpty)
            // And a valid example survives binary and JSON round trips.
            let bytes = try AvroBinaryEncoder(schema: schema).encode(value)
            #expect(try AvroBinaryDecoder(schema: schema).decode(bytes) == value)
        case .failure(let error):
            #expect((error as? AvroJSONReadError)?.problems == problems)
        }
    }

    @Test func plainAndTaggedReadingsDiffer() throws {
        let schema = try schema()
        let valid = try JSONParser().parse(try String(contentsOf: Self.folder.appendingPathComponent("valid.json"), encoding: .utf8))
        let tagged = try JSONParser().parse(try String(contentsOf: Self.folder.appendingPathComponent("avro-json-unions.json"), encoding: .utf8))
        #expect(AvroValidator.validate(valid, against: schema, encoding: .avroJSON).map(\.kind) == [.badUnionTag, .badUnionTag, .badUnionTag])
        #expect(AvroValidator.validate(tagged, against: schema, encoding: .plain).map(\.kind) == [.noMatchingBranch, .noMatchingBranch])
    }

    @Test func everyDatumRuleHasAnExampleCategory() {
        #expect(DatumRules.all.count == DatumProblem.Kind.allCases.count)
        #expect(Set(DatumRules.all.map(\.id)).count == DatumRules.all.count)
        #expect(DatumRules.all.allSatisfy { $0.category == .example })
        for kind in DatumProblem.Kind.allCases { #expect(DatumRules.all.contains(DatumRules.rule(for: kind))) }
    }
}

/// Plain unions are tried branch by branch; a crafted document must not make that exponential.
@Suite struct DatumValidationBudgetTests {
    @Test func nestedUnionsOfRecordsStayBounded() throws {
        // Two record types whose only field is a union of both: every level of a failing document fits neither.
        let schemaText = #"""
        {"type":"record","name":"Root","fields":[{"name":"n","type":[
          {"type":"record","name":"A","fields":[{"name":"n","type":["null","A",
            {"type":"record","name":"B","fields":[{"name":"n","type":["null","A","B"]},{"name":"b","type":"int"}]}]},
            {"name":"a","type":"int"}]},
          "B"]}]}
        """#
        let schema = try #require(AvroSchemaParser().parse(schemaText, file: nil).schema)
        var text = "null"
        for _ in 0..<40 { text = #"{"n":\#(text)}"# }
        text = #"{"n":\#(text)}"#
        let problems = AvroValidator.validate(try JSONParser().parse(text), against: schema)
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .tooComplex)
    }
}

@Suite struct DatumValidationDepthTests {
    @Test func deepDocumentsAreRefusedNotOverflowed() throws {
        let schema = try #require(AvroSchemaParser().parse(#"{"type":"record","name":"N","fields":[{"name":"n","type":["null","N"]}]}"#, file: nil).schema)
        for leaf in ["null", "1"] {
            var text = leaf
            for _ in 0..<500 { text = #"{"n":\#(text)}"# }
            let json = try JSONParser().parse(text)
            let problems = AvroValidator.validate(json, against: schema)
            #expect(problems.map(\.kind) == [.tooComplex])
            #expect(throws: AvroJSONReadError.self) { try AvroJSONReader(schema: schema).read(json) }
        }
        var shallow = "null"
        for _ in 0..<40 { shallow = #"{"n":\#(shallow)}"# }
        #expect(AvroValidator.validate(try JSONParser().parse(shallow), against: schema) == [])
    }
}

@Suite struct DatumValidationMessageSizeTests {
    /// A hostile 100,000-digit number is named by its first digits and length, not echoed whole.
    @Test func hugeNumbersAreShortenedInMessages() throws {
        let digits = "1" + String(repeating: "0", count: 100_000)
        for (schemaText, json) in [(#""long""#, digits), (#""string""#, digits), (#""int""#, "-" + digits)] {
            let schema = try #require(AvroSchemaParser().parse(schemaText, file: nil).schema)
            let problems = AvroValidator.validate(try JSONParser().parse(json), against: schema)
            #expect(problems.count == 1)
            let message = problems.first?.message ?? ""
            #expect(message.utf8.count < 200, "\(message.prefix(200))")
            #expect(message.contains("… (\(json.utf8.count) characters)"), "\(message.prefix(200))")
        }
    }

    /// Megabyte keys (unknown fields, map keys) are cut in messages and paths too.
    @Test func hugeKeysAreShortenedInMessages() throws {
        let key = String(repeating: "k", count: 100_000)
        for (schemaText, json) in [
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#, #"{"a":1,""# + key + #"":1}"#),
            (#"{"type":"map","values":"int"}"#, #"{""# + key + #"":"x"}"#),
        ] {
            let schema = try #require(AvroSchemaParser().parse(schemaText, file: nil).schema)
            let problems = AvroValidator.validate(try JSONParser().parse(json), against: schema)
            #expect(problems.count == 1)
            let message = problems.first?.description ?? ""
            #expect(message.utf8.count < 400, "\(message.prefix(200))")
            #expect(message.contains(String(repeating: "k", count: 48) + "…"), "\(message.prefix(200))")
        }
    }
}
