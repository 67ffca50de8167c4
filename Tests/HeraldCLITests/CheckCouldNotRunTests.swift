import Foundation
import Testing

/// `herald check` when it cannot run (exit 2): a clear message saying what to fix, and in machine formats a
/// well-formed document, so CI parsers see why there are no findings.
@Suite struct CheckCouldNotRunTests {
    typealias Repository = CheckCommandTests.Repository

    /// A scratch folder outside any git repository.
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-nogit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    @Test func oddCatalogArgumentsAreRejectedWithWhatToDo() throws {
        let repo = try Repository(fixture: "_clean")
        let file = try HeraldBinary.run(["check", "--catalog", "schemas/catalog.yaml"], cwd: repo.url)
        #expect(file.status == 2)
        #expect(file.stderr.contains("'schemas/catalog.yaml' is a file, not a folder"))
        let empty = try HeraldBinary.run(["check", "--catalog", ""], cwd: repo.url)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("--catalog is empty"))
        #expect(empty.stdout == "")
    }

    @Test func pathsAreNormalised() throws {
        let repo = try Repository(fixture: "SERVICE_UNKNOWN")
        let elsewhere = repo.url.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let result = try HeraldBinary.run(["check", "--color", "never", "--catalog", "../schemas/./shop/../"], cwd: elsewhere)
        #expect(result.stdout.hasPrefix("../schemas/shop/order.placed/event.yaml:4:21:"))
    }

    @Test func againstDistinguishesNoRepositoryMissingFolderAndUnknownRevision() throws {
        let outside = try Folder()
        let fixture = CheckCommandTests.repositoryRoot.appendingPathComponent("Tests/HeraldCatalogTests/Resources/fixtures/_clean/catalog")
        try FileManager.default.copyItem(at: fixture, to: outside.url.appendingPathComponent("schemas"))
        let noRepository = try HeraldBinary.run(["check", "--against", "HEAD"], cwd: outside.url)
        #expect(noRepository.status == 2)
        #expect(noRepository.stderr.contains("is not inside a git repository"))
        #expect(noRepository.stderr.contains("pass the base catalog as a folder"))

        let missingFolder = try HeraldBinary.run(["check", "--against", "../base/schemas"], cwd: outside.url)
        #expect(missingFolder.status == 2)
        #expect(missingFolder.stderr.contains("--against folder '../base/schemas' does not exist"))

        let repo = try Repository(fixture: "_clean")
        let unknown = try HeraldBinary.run(["check", "--against", "mian"], cwd: repo.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'mian' is not a commit, branch or tag in this repository"))
        let known = try HeraldBinary.run(["check", "--against", "HEAD"], cwd: repo.url)
        #expect(known.status == 0)
        let file = try HeraldBinary.run(["check", "--against", "schemas/catalog.yaml"], cwd: repo.url)
        #expect(file.status == 2)
        #expect(file.stderr.contains("--against 'schemas/catalog.yaml' is a file"))
        let empty = try HeraldBinary.run(["check", "--against", ""], cwd: repo.url)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("--against is empty"))
    }

    @Test func machineFormatsPrintAWellFormedDocumentWhenHeraldCannotRun() throws {
        let outside = try Folder()
        let json = try HeraldBinary.run(["check", "--catalog", "nope", "--format", "json"], cwd: outside.url)
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["rule"] as? String } == ["HERALD_COULD_NOT_RUN"])
        #expect((diagnostics.first?["message"] as? String)?.contains("'nope' does not exist") == true)

        let junit = try HeraldBinary.run(["check", "--catalog", "nope", "--format", "junit"], cwd: outside.url)
        #expect(junit.status == 2)
        #expect(junit.stdout.hasPrefix("<?xml"))
        #expect(junit.stdout.contains("errors=\"1\""))
        #expect(junit.stdout.contains("<error message=\"catalog directory &apos;nope&apos; does not exist"))

        let github = try HeraldBinary.run(["check", "--catalog", "nope", "--format", "github"], cwd: outside.url)
        #expect(github.status == 2)
        #expect(github.stdout.hasPrefix("::error title=HERALD_COULD_NOT_RUN::catalog directory 'nope' does not exist"))
    }

    /// Every rule ID a diagnostic can carry is listed by `herald rules`: descriptors (`RuleDescriptor(id: "…")`),
    /// rule IDs written directly into a diagnostic (`rule: "…"`) and the compatibility checker's incompatibility names.
    @Test func everyRuleIDInTheSourcesIsListedByHeraldRules() throws {
        let rules = try HeraldBinary.run(["rules", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rules.stdout.utf8)) as? [String: Any])
        let listed = Set(try #require(object["rules"] as? [[String: String]]).compactMap { $0["id"] })
        let sources = CheckCommandTests.repositoryRoot.appendingPathComponent("Sources")
        let patterns = [
            #"RuleDescriptor\(\s*id:\s*"([A-Z0-9_]+)""#,
            #"\brule:\s*"([A-Z0-9_]+)""#,
            #"case\s+\w+\s*=\s*"([A-Z0-9_]+)""#,
        ].map { try! NSRegularExpression(pattern: $0) }
        var found: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let file as URL in enumerator where file.pathExtension == "swift" {
            // The Kafka protocol's error names and the benchmarks are not diagnostics, nor are the codes of the live
            // publish API's refusals (`LIVE_*`, listed in docs/serve.md).
            if file.path.contains("/HeraldKafkaProtocol/") || file.path.contains("/herald-bench/")
                || file.path.contains("/HeraldServer/Live/") { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for (index, pattern) in patterns.enumerated() {
                // Enum raw values only where they name incompatibilities.
                if index == 2, !file.lastPathComponent.hasPrefix("CompatibilityIncompatibility") { continue }
                for match in pattern.matches(in: text, range: range) {
                    if let id = Range(match.range(at: 1), in: text) { found[String(text[id]), default: file.lastPathComponent] = file.lastPathComponent }
                }
            }
        }
        #expect(found.count > 80, "the scan found too few rule IDs: \(found.count)")
        for (id, file) in found.sorted(by: { $0.key < $1.key }) {
            #expect(listed.contains(id), "\(id) (in \(file)) is not listed by herald rules")
        }
        #expect(listed.contains("FILE_UNREADABLE"))
    }
}
