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

    /// Every file under `root` by relative path, with its bytes.
    func tree(_ root: URL) throws -> [String: Data] {
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        return try Dictionary(uniqueKeysWithValues: paths.map { ($0, try Data(contentsOf: root.appendingPathComponent($0))) })
    }

    @Test func twoBuildsOfTheSameCatalogAreByteIdentical() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["first", "second"] {
            let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", folder.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let first = try tree(folder.appendingPathComponent("first"))
        #expect(first.keys.contains("index.html") && first.keys.contains("asyncapi/catalog.yaml"))
        let second = try tree(folder.appendingPathComponent("second"))
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, bytes) in first where second[path] != bytes { Issue.record("\(path) differs between two builds") }
    }

    @Test func defaultsToTheSchemasFolderAndTheSiteFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.fixture, to: folder.appendingPathComponent("schemas"))
        let implicit = try HeraldBinary.run(["build"], cwd: folder)
        #expect(implicit.status == 0, "\(implicit.stderr)")
        let explicit = try HeraldBinary.run(["build", "--catalog", "schemas", "--out", "explicit"], cwd: folder)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".herald-cache", "explicit", "schemas", "site"])
        #expect(try tree(folder.appendingPathComponent("site")) == (try tree(folder.appendingPathComponent("explicit"))))
    }

    /// A user's copy of templates/ with one changed line: the change shows on every event page and nothing else moves.
    @Test func templatesFolderWithAChangedTemplate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("templates"), to: templates)
        let event = templates.appendingPathComponent("event.mustache")
        let original = try String(contentsOf: event, encoding: .utf8)
        let heading = #"<h1 class="mono">{{name}}</h1>"#
        #expect(original.components(separatedBy: heading).count == 2)
        try Data(original.replacingOccurrences(of: heading, with: #"<h1 class="mono">Event {{name}}</h1>"#).utf8).write(to: event)
        let own = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", folder.appendingPathComponent("own").path])
        #expect(own.status == 0, "\(own.stderr)")
        let users = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", folder.appendingPathComponent("users").path,
                                          "--templates", templates.path])
        #expect(users.status == 0, "\(users.stderr)")
        let before = try tree(folder.appendingPathComponent("own")), after = try tree(folder.appendingPathComponent("users"))
        #expect(before.keys.sorted() == after.keys.sorted())
        let eventPages = before.keys.filter { $0.hasPrefix("events/") && $0.hasSuffix(".html") && $0 != "events/index.html" }
        #expect(!eventPages.isEmpty)
        for (path, bytes) in before {
            let changed = String(decoding: after[path] ?? Data(), as: UTF8.self)
            guard eventPages.contains(path) else {
                if after[path] != bytes { Issue.record("\(path) changed, though its template did not") }
                continue
            }
            let name = path.dropFirst("events/".count).dropLast(".html".count)
            #expect(changed == String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                of: #"<h1 class="mono">\#(name)</h1>"#, with: #"<h1 class="mono">Event \#(name)</h1>"#), "\(path)")
            #expect(changed.contains(#"<h1 class="mono">Event \#(name)</h1>"#), "\(path)")
        }
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
        // Nothing but the output folder and the build cache is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".herald-cache", "site"])
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
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == [".herald-cache", live.lastPathComponent, "site"])
        #expect(manager.fileExists(atPath: out.appendingPathComponent("asyncapi/catalog.yaml").path))
    }

    /// A second build with no change does nothing; the cache goes where `--cache-dir` says, nowhere with `--no-cache`,
    /// and never inside the output or the catalog.
    @Test func aRebuildWithNoChangeDoesNothingAndTheCacheGoesWhereItIsTold() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site").path
        let first = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out])
        #expect(first.status == 0 && first.stdout.hasPrefix("Wrote "), "\(first.stderr)")
        let again = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out])
        #expect(again.status == 0 && again.stdout.hasPrefix("Nothing changed: "), "\(again.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".herald-cache/site/build-state.json").path))

        let uncached = folder.appendingPathComponent("uncached").path
        for _ in 0..<2 {
            let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", uncached, "--no-cache"])
            #expect(result.status == 0 && result.stdout.hasPrefix("Wrote "), "\(result.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".herald-cache/uncached").path))

        let elsewhere = folder.appendingPathComponent("my-cache").path
        let placed = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out, "--cache-dir", elsewhere])
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/build-state.json"))
        for inside in [out + "/cache", Self.fixture.appendingPathComponent("cache").path] {
            let refused = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", out, "--cache-dir", inside])
            #expect(refused.status == 2 && refused.stderr.contains("--cache-dir"), "\(refused.stderr)")
        }
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
