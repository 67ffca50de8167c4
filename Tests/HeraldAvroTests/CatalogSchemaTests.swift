import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// The bundled example catalog's schemas must all parse, with the shared types resolved.
@Suite struct CatalogSchemaTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The repository's `schemas/` is part of it: a missing or unreadable file fails the test.
    static func avscFiles() throws -> [(path: String, text: String)] {
        let root = repo.appendingPathComponent("schemas")
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path), "no schemas/ folder at \(root.path)")
        var files: [(path: String, text: String)] = []
        for case let relative as String in enumerator where relative.hasSuffix(".avsc") {
            files.append(("schemas/" + relative, try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func everyCatalogSchemaParsesAsASet() throws {
        let files = try Self.avscFiles()
        let result = AvroSchemaParser().parseSet(files: files)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.location?.description ?? ""): \($0.message) [\($0.rule)]" })")
        #expect(result.files.map(\.path) == files.map(\.path))
        for file in result.files {
            guard let schema = file.schema else {
                Issue.record("\(file.path) did not parse")
                continue
            }
            let reparsed = AvroSchemaParser().parse(schema.jsonText(), file: nil)
            #expect(reparsed.schema?.canonicalForm == schema.canonicalForm, "round trip of \(file.path)")
        }
        for warning in result.diagnostics where warning.severity == .warning {
            print("catalog warning: \(warning.location?.description ?? ""): \(warning.message) [\(warning.rule)]")
        }
    }
}
