import Foundation
import Testing

/// `herald check` and `herald rules` as a user runs them: exit codes, relative paths, git baselines.
@Suite struct CheckCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A git repository holding a copy of a fixture catalog under `schemas/`, committed.
    final class Repository {
        let url: URL
        init(fixture: String) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-check-\(UUID().uuidString)")
            let source = CheckCommandTests.repositoryRoot.appendingPathComponent("Tests/HeraldCatalogTests/Resources/fixtures/\(fixture)/catalog")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: url.appendingPathComponent("schemas"))
            try git("init", "-q")
            try git("add", "-A")
            try git("commit", "-qm", "catalog")
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-c", "user.email=t@example.com", "-c", "user.name=T", "-c", "commit.gpgsign=false"] + arguments
            process.currentDirectoryURL = url
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: url.appendingPathComponent(path))
        }
    }

    @Test func cleanCatalogExitsZeroWithSummary() throws {
        let repo = try Repository(fixture: "_clean")
        let result = try HeraldBinary.run(["check"], cwd: repo.url)
        #expect(result.status == 0)
        #expect(result.stdout == "0 errors, 0 warnings in 1 event\n")
    }

    @Test func findingsExitOneWithPathsRelativeToTheCurrentDirectory() throws {
        let repo = try Repository(fixture: "SERVICE_UNKNOWN")
        let result = try HeraldBinary.run(["check", "--color", "never"], cwd: repo.url)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("schemas/shop/order.placed/event.yaml:4:21: error: consumer 'mailr' is not a service in catalog.yaml [SERVICE_UNKNOWN]\n"))
        let elsewhere = repo.url.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let nested = try HeraldBinary.run(["check", "--catalog", "../schemas/"], cwd: elsewhere)
        #expect(nested.stdout.hasPrefix("../schemas/shop/order.placed/event.yaml:4:21:"))
        let colored = try HeraldBinary.run(["check", "--color", "always"], cwd: repo.url)
        #expect(colored.stdout.contains("\u{1B}["))
    }

    @Test func strictFailsOnWarningsAndJSONIsTheContract() throws {
        let repo = try Repository(fixture: "SERVICE_UNUSED")
        #expect(try HeraldBinary.run(["check"], cwd: repo.url).status == 0)
        let strict = try HeraldBinary.run(["check", "--strict", "--format", "json"], cwd: repo.url)
        #expect(strict.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any])
        #expect(json["formatVersion"] as? Int == 1)
        #expect(json["ok"] as? Bool == false)
        let first = try #require((json["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["rule"] as? String == "SERVICE_UNUSED")
        #expect(first["severity"] as? String == "error")
        #expect(first["file"] as? String == "schemas/catalog.yaml")
    }

    @Test func againstAGitRevisionReportsHistory() throws {
        let repo = try Repository(fixture: "_clean")
        let v1 = repo.url.appendingPathComponent("schemas/shop/order.placed/v1.avsc")
        let text = try String(contentsOf: v1, encoding: .utf8)
        try repo.write("schemas/shop/order.placed/v1.avsc", text.replacingOccurrences(of: "\"type\": \"long\"", with: "\"type\": \"int\""))
        let result = try HeraldBinary.run(["check", "--against", "HEAD"], cwd: repo.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains("schemas/shop/order.placed/v1.avsc:7:5: error: v1 of 'order.placed' is published, and its canonical form changed [PUBLISHED_VERSION_CHANGED]"))
        // Doc-only edits are allowed.
        try repo.write("schemas/shop/order.placed/v1.avsc", text.replacingOccurrences(of: "\"fields\"", with: "\"doc\": \"Placed.\", \"fields\""))
        #expect(try HeraldBinary.run(["check", "--against", "HEAD"], cwd: repo.url).status == 0)
    }

    @Test func againstABaseCatalogFolder() throws {
        let repo = try Repository(fixture: "_clean")
        try FileManager.default.copyItem(at: repo.url.appendingPathComponent("schemas"), to: repo.url.appendingPathComponent("base"))
        let same = try HeraldBinary.run(["check", "--against", "base/"], cwd: repo.url)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout == "0 errors, 0 warnings in 1 event\n")
        let v1 = repo.url.appendingPathComponent("schemas/shop/order.placed/v1.avsc")
        let text = try String(contentsOf: v1, encoding: .utf8)
        try repo.write("schemas/shop/order.placed/v1.avsc", text.replacingOccurrences(of: "\"type\": \"long\"", with: "\"type\": \"int\""))
        let changed = try HeraldBinary.run(["check", "--against", "base"], cwd: repo.url)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("schemas/shop/order.placed/v1.avsc:7:5: error: v1 of 'order.placed' is published, and its canonical form changed [PUBLISHED_VERSION_CHANGED]"),
                "\(changed.stdout)")
    }

    @Test func couldNotRunExitsTwo() throws {
        let repo = try Repository(fixture: "_clean")
        let missing = try HeraldBinary.run(["check", "--catalog", "nope"], cwd: repo.url)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("does not exist"))
        let badRef = try HeraldBinary.run(["check", "--against", "no-such-branch"], cwd: repo.url)
        #expect(badRef.status == 2)
        #expect(try HeraldBinary.run(["check", "--format", "yaml"], cwd: repo.url).status == 2)
    }

    @Test func rulesListsEveryModuleFromOneList() throws {
        let text = try HeraldBinary.run(["rules"])
        #expect(text.status == 0)
        for id in ["YAML_SYNTAX", "AVRO_UNKNOWN_TYPE", "EXAMPLE_TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE", "PUBLISHED_VERSION_CHANGED"] {
            #expect(text.stdout.contains(id + " "), "\(id)")
        }
        let json = try HeraldBinary.run(["rules", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: String]])
        #expect(text.stdout.hasSuffix("\(rules.count) rules\n"))
        let markdown = try HeraldBinary.run(["rules", "--format", "markdown"])
        let docs = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/catalog.md"), encoding: .utf8)
        #expect(docs.contains(markdown.stdout))
    }

    @Test func bundledCatalogIsClean() throws {
        let result = try HeraldBinary.run(["check", "--strict"], cwd: Self.repositoryRoot)
        #expect(result.status == 0, "\(result.stdout)")
    }
}
