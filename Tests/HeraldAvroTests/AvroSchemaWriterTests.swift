import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// The full JSON form against a checked-in golden file (`HERALD_UPDATE_GOLDEN=1` rewrites it).
@Suite struct AvroSchemaWriterTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/golden")

    @Test func fullJSONMatchesTheGoldenFile() throws {
        let input = try String(contentsOf: Self.golden.appendingPathComponent("writer-input.avsc"), encoding: .utf8)
        let result = AvroSchemaParser().parse(input, file: "writer-input.avsc")
        let schema = try #require(result.schema)
        // The only finding: time-micros on an int is ignored (and kept as a property).
        #expect(result.diagnostics.map(\.rule) == ["AVRO_INVALID_LOGICAL_TYPE"])
        let written = schema.jsonText() + "\n"
        let goldenURL = Self.golden.appendingPathComponent("writer-output.json")
        if ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDEN"] == "1" {
            try Data(written.utf8).write(to: goldenURL)
        }
        let expected = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(written == expected)
        let reparsed = try #require(AvroSchemaParser().parse(written, file: nil).schema)
        #expect(reparsed.canonicalForm == schema.canonicalForm)
        #expect(reparsed.jsonText() + "\n" == written)
        #expect(schema.jsonText(style: .compact) == JSONWriter().write(schema.jsonValue))
    }
}
