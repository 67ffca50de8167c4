import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog
import HeraldTestSupport

/// Fixture catalogs, one folder per rule: `fixtures/<RULE>/catalog/` (and `base/` for history rules) with
/// `expected.txt` listing, one per line, `file:line:column` of every finding of that rule the check must report.
/// `HERALD_UPDATE_GOLDENS=1` rewrites the expected.txt files (Golden.swift).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/fixtures")

    static func check(_ name: String, strict: Bool = false) throws -> CheckResult {
        let folder = root.appendingPathComponent(name)
        let files = try DirectoryCatalogSource(directory: folder.appendingPathComponent("catalog"), displayRoot: "").load()
        let baseFolder = folder.appendingPathComponent("base")
        let base = FileManager.default.fileExists(atPath: baseFolder.path)
            ? try DirectoryCatalogSource(directory: baseFolder, displayRoot: "").load() : nil
        return CatalogChecker(strict: strict).check(files, against: base)
    }

    static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { $0.location?.description ?? "<none>" }.sorted()
    }
}

@Suite struct RuleFixtureTests {
    @Test(arguments: CatalogRules.all.map(\.id))
    func ruleFiresExactlyWhereExpected(rule: String) throws {
        let folder = Fixtures.root.appendingPathComponent(rule)
        try #require(FileManager.default.fileExists(atPath: folder.path), "no fixture for \(rule)")
        let result = try Fixtures.check(rule)
        let actual = Fixtures.lines(result.diagnostics.filter { $0.rule == rule })
        let expectedFile = folder.appendingPathComponent("expected.txt")
        if try Golden.rewrite(Data((actual.joined(separator: "\n") + "\n").utf8), to: expectedFile) { return }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
        #expect(!expected.isEmpty)
        #expect(actual == expected, "\(rule): \(result.diagnostics.filter { $0.rule == rule }.map(\.message))")
        let descriptor = try #require(CatalogRules.all.first { $0.id == rule })
        for diagnostic in result.diagnostics where diagnostic.rule == rule {
            #expect(diagnostic.severity == descriptor.severity)
            #expect(diagnostic.category == descriptor.category)
        }
    }

    @Test func cleanFixtureHasNoFindings() throws {
        let result = try Fixtures.check("_clean", strict: true)
        #expect(result.diagnostics.map { "\($0.location?.description ?? ""): \($0.rule) \($0.message)" } == [])
        #expect(result.events == 1 && result.versions == 1 && result.examples == 1)
    }

    @Test func everyFixtureFolderIsARule() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.path).filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(CatalogRules.all.map(\.id)))
    }

    @Test func ruleIDsAreUniqueAndScreamingSnakeCase() {
        let ids = RuleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber }, "\(id)") }
    }
}

@Suite struct CompatibilityFixtureTests {
    @Test func incompatibleVersionsAreReportedAtTheNewerFieldWithImpact() throws {
        let result = try Fixtures.check("_compatibility")
        let compatibility = result.diagnostics.filter { $0.category == .compatibility }
        #expect(compatibility.map { "\($0.location?.description ?? "") \($0.rule)" } == [
            "shop/order.placed/v2.avsc:8:5 READER_FIELD_MISSING_DEFAULT_VALUE",
            "shop/order.shipped/v3.avsc:7:31 TYPE_MISMATCH",
        ])
        #expect(compatibility.first?.impact == Impact(consumers: ["mailer"], teams: ["mail-team"], volumePerDay: 2000))
        #expect(compatibility.first?.event == "order.placed")
        #expect(compatibility.first?.pointer == "/fields/2")
        #expect(result.diagnostics.filter { $0.severity != .note }.allSatisfy { $0.category == .compatibility })
    }
}

@Suite struct ExampleFixtureTests {
    @Test func examplesAreValidatedAgainstTheirVersionAtTheOffendingValue() throws {
        let result = try Fixtures.check("_examples")
        #expect(result.diagnostics.map { "\($0.location?.description ?? "") \($0.rule)" } == [
            "shop/order.placed/examples/bad.json:3:12 EXAMPLE_TYPE_MISMATCH",
            "shop/order.placed/examples/v1/old.json:1:1 EXAMPLE_MISSING_FIELD",
        ])
        #expect(result.diagnostics.first?.message.hasSuffix("(against v2)") == true)
        #expect(result.diagnostics.last?.message.hasSuffix("(against v1)") == true)
        #expect(result.examples == 3)
    }
}
