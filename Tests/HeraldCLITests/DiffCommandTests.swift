import Foundation
import Testing

/// `herald diff` run as a user would, on a base and a head catalog, against golden output.
/// `HERALD_UPDATE_GOLDEN=1` rewrites the files.
@Suite struct DiffCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/diff")

    func run(_ arguments: [String]) throws -> HeraldBinary.Result {
        try HeraldBinary.run(["diff", "--catalog", "head", "--against", "base"] + arguments, cwd: Self.fixtures)
    }

    func compare(_ text: String, golden name: String) throws {
        let url = Self.fixtures.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), "output differs from \(name)")
    }

    @Test func textExitsZeroThoughChangesBreak() throws {
        let result = try run([])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        try compare(result.stdout, golden: "diff.txt")
    }

    @Test func markdown() throws {
        let result = try run(["--format", "markdown"])
        #expect(result.status == 0)
        try compare(result.stdout, golden: "diff.md")
    }

    @Test func json() throws {
        let result = try run(["--format", "json"])
        #expect(result.status == 0)
        try compare(result.stdout, golden: "diff.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["events"] as? Int == 5)
        #expect(summary["breaking"] as? Int == 3)
    }

    @Test func oneEvent() throws {
        let result = try run(["--event", "cart.updated"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("cart.updated (changed, FULL)\n"))
        #expect(result.stdout.hasSuffix("1 event changed against base, 1 breaking\n"))
        #expect(!result.stdout.contains("order.placed"))
        let unchanged = try HeraldBinary.run(["diff", "--catalog", "base", "--against", "base", "--event", "mail.sent"], cwd: Self.fixtures)
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout == "No schema changes against base.\n")
    }

    @Test func unknownEventOrBaseCannotRun() throws {
        let unknown = try run(["--event", "no.such.event"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "herald: error: no event 'no.such.event' in the catalog or in base; check the name\n")
        let missing = try HeraldBinary.run(["diff", "--catalog", "head", "--against", "./nowhere"], cwd: Self.fixtures)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--against folder './nowhere' does not exist"))
        let noBase = try HeraldBinary.run(["diff", "--catalog", "head"], cwd: Self.fixtures)
        #expect(noBase.status == 2)
    }

    /// The base as a git revision reads the same catalog as the base folder.
    @Test func againstAGitRevision() throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("herald-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repo) }
        let schemas = repo.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("base"), to: schemas)
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-c", "user.email=t@example.com", "-c", "user.name=T", "-c", "commit.gpgsign=false"] + arguments
            process.currentDirectoryURL = repo
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-qm", "base")
        try FileManager.default.removeItem(at: schemas)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("head"), to: schemas)
        let result = try HeraldBinary.run(["diff", "--against", "HEAD"], cwd: repo)
        #expect(result.status == 0)
        let golden = try String(contentsOf: Self.fixtures.appendingPathComponent("golden/diff.txt"), encoding: .utf8)
        #expect(result.stdout == golden.replacingOccurrences(of: "changed against base,", with: "changed against HEAD,"))
    }
}
