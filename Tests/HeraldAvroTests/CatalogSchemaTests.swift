import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// The bundled example catalog's schemas must all parse, with the shared types resolved.
@Suite struct CatalogSchemaTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func avscFiles() -> [(path: String, text: String)] {
        let root = repo.appendingPathComponent("schemas")
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(path: String, text: String)] = []
        for case let relative as String in enumerator where relative.hasSuffix(".avsc") {
            if let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) {
                files.append(("schemas/" + relative, text))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func everyCatalogSchemaParsesAsASet() throws {
        let files = Self.avscFiles()
        guard !files.isEmpty else {
            print("skipping everyCatalogSchemaParsesAsASet: no schemas/ folder")
            return
        }
        let result = AvroSchemaParser().parseSet(files: files)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.location?.description ?? ""): \($0.message) [\($0.rule)]" })")
        for file in result.files {
            guard let schema = file.schema else { continue }
            let reparsed = AvroSchemaParser().parse(schema.jsonText(), file: nil)
            #expect(reparsed.schema?.canonicalForm == schema.canonicalForm, "round trip of \(file.path)")
        }
        for warning in result.diagnostics where warning.severity == .warning {
            print("catalog warning: \(warning.location?.description ?? ""): \(warning.message) [\(warning.rule)]")
        }
    }
}
