import Foundation
import Testing
@testable import HeraldAvro

/// The bundled catalog's examples: each valid one validates (and round-trips through binary), each invalid one is rejected.
@Suite struct CatalogExampleTests {
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    func files(_ folder: URL, suffix: String) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    @Test func examplesValidateAndInvalidOnesAreRejected() throws {
        try #require(FileManager.default.fileExists(atPath: Self.catalog.path), "no schemas/ folder at \(Self.catalog.path)")
        let typeFiles = try files(Self.catalog.appendingPathComponent("types"), suffix: ".avsc").map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
        let types = AvroSchemaParser().parseSet(files: typeFiles)
        #expect(types.diagnostics.filter { $0.severity == .error }.isEmpty)
        var checked = 0
        let walker = FileManager.default.enumerator(at: Self.catalog, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.lastPathComponent == "event.yaml" else { continue }
            let event = url.deletingLastPathComponent()
            var versions: [Int: AvroSchema] = [:]
            for file in files(event, suffix: ".avsc") {
                let name = file.deletingPathExtension().lastPathComponent
                guard name.hasPrefix("v"), let n = Int(name.dropFirst()) else { continue }
                let result = AvroSchemaParser().parse(try String(contentsOf: file, encoding: .utf8), file: file.path, knownTypes: types.namedTypes)
                versions[n] = try #require(result.schema, "\(file.path): \(result.diagnostics)")
            }
            guard let latest = versions.keys.max(), let latestSchema = versions[latest] else { continue }
            var cases: [(URL, AvroSchema, Bool)] = files(event.appendingPathComponent("examples"), suffix: ".json").map { ($0, latestSchema, true) }
            cases += files(event.appendingPathComponent("examples/invalid"), suffix: ".json").map { ($0, latestSchema, false) }
            for (n, schema) in versions {
                cases += files(event.appendingPathComponent("examples/v\(n)"), suffix: ".json").map { ($0, schema, true) }
            }
            for (file, schema, shouldPass) in cases {
                let json = try JSONParser().parse(try String(contentsOf: file, encoding: .utf8))
                let problems = AvroValidator.validate(json, against: schema)
                if shouldPass {
                    #expect(problems.isEmpty, "\(file.path): \(problems)")
                    if problems.isEmpty {
                        let value = try AvroJSONReader(schema: schema).read(json)
                        let bytes = try AvroBinaryEncoder(schema: schema).encode(value)
                        #expect(try AvroBinaryDecoder(schema: schema).decode(bytes) == value)
                    }
                } else {
                    #expect(!problems.isEmpty, "\(file.path) should be rejected")
                }
                checked += 1
            }
        }
        // Every example file of the catalog was checked: none sits where the walk above does not look.
        let exampleFiles = (FileManager.default.enumerator(atPath: Self.catalog.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") && $0.split(separator: "/").contains("examples") }
        #expect(!exampleFiles.isEmpty)
        #expect(checked == exampleFiles.count)
    }
}
