import Foundation
import Testing

/// `herald build` as a user runs it: the check gate, the output folder, the AsyncAPI version option.
@Suite struct BuildCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Tests/HeraldAsyncAPITests/Resources/fixture-catalog")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesOneYAMLAndOneJSONPerDocument() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("asyncapi").path).sorted()
        let stems = ["auditor", "billing", "catalog", "checkout", "warehouse"]
        #expect(names == stems.flatMap { [$0 + ".json", $0 + ".yaml"] })
        // Nothing but the output folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
        let yaml = try String(contentsOf: out.appendingPathComponent("asyncapi/catalog.yaml"), encoding: .utf8)
        #expect(yaml.hasPrefix("asyncapi: \"3.0.0\"\n"))
    }

    @Test func asyncAPIVersionOption() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out.path, "--asyncapi-version", "2.6.0"])
        #expect(result.status == 0)
        let yaml = try String(contentsOf: out.appendingPathComponent("asyncapi/checkout.yaml"), encoding: .utf8)
        #expect(yaml.hasPrefix("asyncapi: \"2.6.0\"\n"))
        let bad = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out.path, "--asyncapi-version", "2.0.0"])
        #expect(bad.status == 2)
    }

    @Test func refusesACatalogWithErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("catalog")
        let event = catalog.appendingPathComponent("shop/shop.order.placed")
        try FileManager.default.createDirectory(at: event, withIntermediateDirectories: true)
        try Data("title: Broken\n".utf8).write(to: catalog.appendingPathComponent("catalog.yaml"))
        try Data("summary: x\nowner: nobody\nproducer: nothing\n".utf8).write(to: event.appendingPathComponent("event.yaml"))
        try Data(#"{"type": "record", "name": "X", "fields": [}"#.utf8).write(to: event.appendingPathComponent("v1.avsc"))
        let out = folder.appendingPathComponent("site")
        let result = try HeraldBinary.run(["build", "--catalog", catalog.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error"))
        #expect(result.stderr.contains("nothing was published"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func missingCatalogCannotRun() throws {
        let result = try HeraldBinary.run(["build", "--catalog", "/nonexistent/catalog", "--out", "/nonexistent/site"])
        #expect(result.status == 2)
    }
}
