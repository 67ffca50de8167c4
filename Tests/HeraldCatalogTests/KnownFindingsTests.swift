import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog

/// `CatalogChecker.check(_:known:)` (what `herald build` runs with its cache): the event rules' findings of unchanged
/// events come from the earlier check, and the result is exactly a full check's.
@Suite struct KnownFindingsTests {
    static func files(_ rule: String) throws -> CatalogFiles {
        try DirectoryCatalogSource(directory: Fixtures.root.appendingPathComponent(rule).appendingPathComponent("catalog"), displayRoot: "").load()
    }

    @Test(arguments: CatalogRules.all.map(\.id))
    func findingsWithAndWithoutKnownOnesEqualAFullChecks(rule: String) throws {
        let full = CatalogChecker(keepsCatalog: true).check(try Self.files(rule))
        let (first, known, changed, rechecked) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: nil)
        #expect(first.diagnostics == full.diagnostics)
        #expect(rechecked == known.events.count && changed.count == known.events.count)
        let (second, again, unchanged, none) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: known)
        #expect(second.diagnostics == full.diagnostics)
        #expect(none == 0 && unchanged.isEmpty && again == known)
    }

    @Test func knownFindingsAreUsedOnlyForTheSameFilesInTheSameContext() throws {
        let rule = "INVALID_EXAMPLE_ACCEPTED"
        let (_, known, _, _) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: nil)
        let folder = try #require(known.events.keys.sorted().first)
        let marker = Diagnostic(rule: "MARKER", category: .catalog, severity: .warning, message: "taken from the known findings")
        // Same files, same context: the known findings stand in for the rules' (the marker shows they were used).
        var planted = known
        planted.events[folder]?.findings.append(marker)
        let (used, _, _, rechecked) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: planted)
        #expect(used.diagnostics.contains(marker))
        #expect(rechecked == 0)
        // Another digest for the event's files: its rules run again.
        var stale = planted
        stale.events[folder]?.files = "0"
        let (rerun, _, changed, again) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: stale)
        #expect(!rerun.diagnostics.contains(marker))
        #expect(again == 1 && changed == [folder])
        // Another context (strict, catalog.yaml, shared types): every event's rules run again.
        var foreign = planted
        foreign.context = "0"
        let (other, _, _, all) = CatalogChecker(keepsCatalog: true).check(try Self.files(rule), known: foreign)
        #expect(!other.diagnostics.contains(marker))
        #expect(all == known.events.count)
    }
}
