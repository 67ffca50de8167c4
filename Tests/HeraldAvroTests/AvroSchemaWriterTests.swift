import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro
import HeraldTestSupport

/// The full JSON form against a checked-in golden file (Golden.swift).
@Suite struct AvroSchemaWriterTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/golden")

    @Test func fullJSONMatchesTheGoldenFile() throws {
        let input = try String(contentsOf: Self.golden.appendingPathComponent("writer-input.avsc"), encoding: .utf8)
        let result = AvroSchemaParser().parse(input, file: "writer-input.avsc")
        let schema = try #require(result.schema)
        // The only finding: time-micros on an int is ignored (and kept as a property).
        #expect(result.diagnostics.map(\.rule) == ["AVRO_INVALID_LOGICAL_TYPE"])
        let written = schema.jsonText() + "\n"
        try Golden.check(written, against: Self.golden.appendingPathComponent("writer-output.json"))
        let reparsed = try #require(AvroSchemaParser().parse(written, file: nil).schema)
        #expect(reparsed.canonicalForm == schema.canonicalForm)
        #expect(reparsed.jsonText() + "\n" == written)
        #expect(schema.jsonText(style: .compact) == JSONWriter().write(schema.jsonValue))
    }
}
