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

    /// A build that was killed leaves its staging folder, or (between its two renames) the previous output moved
    /// aside; the next build removes the first and puts the second back before replacing it.
    @Test func recoversWhatAKilledBuildLeft() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The ID of a process that has exited.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let manager = FileManager.default
        let staging = folder.appendingPathComponent(".site.tmp-\(dead)-1")
        try manager.createDirectory(at: staging.appendingPathComponent("events"), withIntermediateDirectories: true)
        let movedAside = folder.appendingPathComponent(".site.old-\(dead)-1")
        try manager.createDirectory(at: movedAside, withIntermediateDirectories: true)
        try Data("previous".utf8).write(to: movedAside.appendingPathComponent("index.html"))
        // A running process's staging folder is not touched.
        let live = folder.appendingPathComponent(".site.tmp-\(ProcessInfo.processInfo.processIdentifier)-1")
        try manager.createDirectory(at: live, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("site")
        let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == [live.lastPathComponent, "site"])
        #expect(manager.fileExists(atPath: out.appendingPathComponent("asyncapi/catalog.yaml").path))
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

/// `--out` is replaced as a whole, so it must never be a file, the working folder, or overlap the catalog.
@Suite struct BuildOutputSafetyTests {
    @Test func refusesOutputThatWouldDeleteUserFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-out-\(UUID().uuidString)")
        let catalog = folder.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: BuildCommandTests.fixture, to: catalog)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("keep me\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for (out, expected) in [
            ("notes.txt", "--out notes.txt is a file"),
            (".", "--out . is the current folder or one above it"),
            ("..", "--out .. is the current folder or one above it"),
            ("schemas", "--out schemas overlaps the catalog schemas"),
            ("schemas/site", "--out schemas/site overlaps the catalog schemas"),
        ] {
            let result = try HeraldBinary.run(["build", "--catalog", "schemas", "--out", out], cwd: folder)
            #expect(result.status == 2, "--out \(out)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me\n")
        #expect(FileManager.default.fileExists(atPath: catalog.appendingPathComponent("catalog.yaml").path))
        let site = try HeraldBinary.run(["build", "--catalog", "schemas", "--out", "site"], cwd: folder)
        #expect(site.status == 0, "\(site.stderr)")
    }
}
