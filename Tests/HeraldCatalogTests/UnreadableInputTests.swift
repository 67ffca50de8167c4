import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog

/// Catalogs with files Herald cannot load: the one real cause is reported where it is, and nothing is checked
/// against the wrong thing because of it.
@Suite struct UnreadableInputTests {
    static let cleanCatalog = Fixtures.root.appendingPathComponent("_clean/catalog")
    static let event = "shop/order.placed"
    /// Valid for a v2 adding `note`, not for v1 (which has no such field).
    static let v2Example = #"{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01", "total": 5, "note": "gift"}"#

    /// A copy of the clean fixture catalog in a scratch folder, with many references to teams and services.
    static func scratchCatalog() throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        try FileManager.default.removeItem(at: scratch.url)
        try FileManager.default.copyItem(at: cleanCatalog, to: scratch.url)
        for index in 0..<5 {
            try FileManager.default.copyItem(
                at: scratch.url.appendingPathComponent(event), to: scratch.url.appendingPathComponent("shop/order.copy\(index)"))
        }
        return scratch
    }

    static func check(_ scratch: ScratchDirectory, maximumFileSize: Int = 32 << 20) throws -> CheckResult {
        let files = try DirectoryCatalogSource(directory: scratch.url, displayRoot: "", maximumFileSize: maximumFileSize).load()
        return CatalogChecker().check(files)
    }

    static func summary(_ result: CheckResult) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { "\($0.location?.description ?? "") \($0.rule)" }
    }

    @Test(arguments: ["missing", "empty", "broken", "folder", "list", "latin1"])
    func anUnloadableCatalogYAMLIsOneErrorWithAHintNotHundredsOfUnknownReferences(kind: String) throws {
        let scratch = try Self.scratchCatalog()
        let manifest = scratch.url.appendingPathComponent("catalog.yaml")
        try FileManager.default.removeItem(at: manifest)
        switch kind {
        case "empty": try scratch.write("catalog.yaml", "# nothing yet\n")
        case "broken": try scratch.write("catalog.yaml", "teams: [\n")
        case "folder": try scratch.write("catalog.yaml/teams.yaml", "shop-team: {}\n")
        case "list": try scratch.write("catalog.yaml", "- shop-team\n")
        case "latin1": try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: manifest)
        default: break
        }
        let result = try Self.check(scratch)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(Self.summary(result))")
        #expect(errors.first?.location?.file == "catalog.yaml")
        #expect(errors.first?.hint?.contains("teams:") == true)
        #expect(!result.diagnostics.contains { [CatalogRules.teamUnknown.id, CatalogRules.serviceUnknown.id].contains($0.rule) })
    }

    @Test func aMistypedTeamsOrServicesSectionIsOneErrorNotEveryReference() throws {
        let scratch = try Self.scratchCatalog()
        try scratch.write("catalog.yaml", "teams: shop-team\nservices: [shop, mailer]\n")
        let result = try Self.check(scratch)
        #expect(Self.summary(result) == ["catalog.yaml:1:8 YAML_WRONG_TYPE", "catalog.yaml:2:11 YAML_WRONG_TYPE"])
    }

    @Test func aLatestVersionThatIsNotUTF8StaysTheLatestAndItsExamplesAreNotCheckedAgainstOlderOnes() throws {
        let scratch = try Self.scratchCatalog()
        try Data([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]).write(to: scratch.url.appendingPathComponent("\(Self.event)/v2.avsc"))
        try scratch.write("\(Self.event)/examples/ok.json", Self.v2Example)
        let result = try Self.check(scratch)
        #expect(Self.summary(result) == ["\(Self.event)/v2.avsc FILE_NOT_UTF8"])
        #expect(result.versions == 7)
    }

    @Test func aFolderNamedLikeAVersionIsReportedAndCountsAsThatVersion() throws {
        let scratch = try Self.scratchCatalog()
        try scratch.write("\(Self.event)/v2.avsc/schema.json", "{}")
        try scratch.write("\(Self.event)/examples/ok.json", Self.v2Example)
        let result = try Self.check(scratch)
        #expect(Self.summary(result) == ["\(Self.event)/v2.avsc FILE_UNREADABLE"])
        #expect(result.diagnostics.first { $0.rule == "FILE_UNREADABLE" }?.message == "'v2.avsc' is a folder, not a file")
    }

    @Test func symbolicLinksToFilesAreReadAsTheirTargetsAndDanglingOnesAreReported() throws {
        let scratch = try Self.scratchCatalog()
        let outside = try ScratchDirectory()
        let folder = scratch.url.appendingPathComponent(Self.event)
        let v1 = try String(contentsOf: folder.appendingPathComponent("v1.avsc"), encoding: .utf8)
        try outside.write("v2.avsc", v1.replacingOccurrences(of: #"{"name": "total", "type": "long"}"#, with: #"{"name": "total", "type": "long"}, {"name": "note", "type": "string", "default": ""}"#))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v2.avsc").path, withDestinationPath: outside.url.appendingPathComponent("v2.avsc").path)
        // Inside the catalog, relative: v3 is the same schema as v2.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v3.avsc").path, withDestinationPath: "v2.avsc")
        try scratch.write("\(Self.event)/examples/ok.json", Self.v2Example)
        let linked = try Self.check(scratch)
        #expect(Self.summary(linked) == [])
        #expect(linked.versions == 8)

        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v4.avsc").path, withDestinationPath: "gone.avsc")
        try FileManager.default.createSymbolicLink(atPath: scratch.url.appendingPathComponent("README.md").path, withDestinationPath: "docs/README.md")
        let dangling = try Self.check(scratch)
        #expect(Self.summary(dangling) == ["README.md FILE_UNREADABLE", "\(Self.event)/v4.avsc FILE_UNREADABLE"])
        #expect(dangling.diagnostics.last { $0.rule == "FILE_UNREADABLE" }?.message == "'v4.avsc' is a symbolic link to 'gone.avsc', which does not exist")
    }

    @Test func onlyLayoutFilesAreReadAndAnOversizedOneIsALocatedFinding() throws {
        let scratch = try Self.scratchCatalog()
        // An event whose folder name ends like a file name is still an event.
        try FileManager.default.copyItem(at: scratch.url.appendingPathComponent(Self.event), to: scratch.url.appendingPathComponent("shop/order.page.json"))
        try scratch.write("\(Self.event)/notes.bin", String(repeating: "x", count: 4096))
        try scratch.write("big-readme.md", String(repeating: "x", count: 4096))
        try scratch.write("\(Self.event)/examples/huge.json", "[" + String(repeating: "1,", count: 2000) + "1]")
        // Outside event folders only schemas are read: a large JSON document there is not the catalog's business.
        try scratch.write("docs/openapi.json", "[" + String(repeating: "1,", count: 2000) + "1]")
        let result = try Self.check(scratch, maximumFileSize: 1024)
        #expect(result.events == 7)
        #expect(Self.summary(result) == ["\(Self.event)/examples/huge.json FILE_UNREADABLE"])
        #expect(result.diagnostics.first { $0.rule == "FILE_UNREADABLE" }?.message == "'examples/huge.json' is 4003 bytes, over the 1024 bytes Herald reads")
        #expect(result.diagnostics.contains { $0.rule == "ORPHAN_FILE" && $0.location?.file == "\(Self.event)/notes.bin" })
    }

    @Test func anUnreadableEventYAMLStillMakesItsFolderAnEvent() throws {
        let scratch = try Self.scratchCatalog()
        try scratch.write("\(Self.event)/event.yaml", "summary: " + String(repeating: "x", count: 2000) + "\n")
        let result = try Self.check(scratch, maximumFileSize: 1024)
        #expect(Self.summary(result) == ["\(Self.event)/event.yaml FILE_UNREADABLE"])
        #expect(result.events == 6)
    }

    @Test func aCatalogPathThatIsAFileSaysSo() throws {
        let scratch = try Self.scratchCatalog()
        let source = DirectoryCatalogSource(directory: scratch.url.appendingPathComponent("catalog.yaml"), displayRoot: "schemas/catalog.yaml")
        #expect(throws: CatalogSourceError.self) { try source.load() }
        do { _ = try source.load() } catch let error as CatalogSourceError {
            #expect(error.description.hasPrefix("'schemas/catalog.yaml' is a file, not a folder"))
        }
    }

    @Test func anEmptyOrMistypedRequiredKeyIsReportedOnceAtItsLine() throws {
        let scratch = try Self.scratchCatalog()
        try scratch.write("\(Self.event)/event.yaml", "summary: [1, 2]\nowner: ~\nproducer: shop\nconsumers: [mailer]\n")
        let result = try Self.check(scratch)
        let found = result.diagnostics.filter { $0.location?.file == "\(Self.event)/event.yaml" }.map { "\($0.location?.description ?? "") \($0.rule)" }
        #expect(found == ["\(Self.event)/event.yaml:1:10 YAML_WRONG_TYPE", "\(Self.event)/event.yaml:2:1 EVENT_OWNER_MISSING"])
    }
}
