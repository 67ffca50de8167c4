import Foundation
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite
import Testing

/// The pipeline `herald build` and `herald serve` share, on a small real catalog and Herald's own templates.
@Suite struct CatalogBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Tests/HeraldAsyncAPITests/Resources/fixture-catalog")
    static let templates = repository.appendingPathComponent("templates")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func pipeline(_ catalog: URL) -> CatalogBuild {
        CatalogBuild(catalog: catalog, displayRoot: "catalog", templates: Self.templates)
    }

    @Test func buildsTheSiteAndTheDocumentsIntoMemory() throws {
        let output = MemoryOutput()
        guard case .built(let generated, _) = pipeline(Self.fixture).run(into: output) else {
            Issue.record("the fixture catalog did not build")
            return
        }
        let files = output.files
        #expect(files.count == generated.fileCount)
        #expect(files["index.html"] != nil && files["events/audit.login.recorded.html"] != nil)
        #expect(generated.documentPaths.contains("asyncapi/catalog.yaml"))
        for path in generated.documentPaths { #expect(files[path]?.isEmpty == false, "\(path)") }
    }

    /// The same catalog built into memory and onto disk gives the same bytes; a second build onto disk keeps every file.
    @Test func memoryAndDiskAgreeAndARebuildKeepsEveryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let build = pipeline(Self.fixture)
        let memory = MemoryOutput()
        guard case .built = build.run(into: memory) else {
            Issue.record("the fixture catalog did not build")
            return
        }
        let out = folder.appendingPathComponent("site")
        var counts: [(reused: Int, written: Int)] = []
        for _ in 0..<2 {
            let staging = try OutputDirectory(url: out).stage(reusingUnchanged: true)
            guard case .built = build.run(into: StagedOutput(staging)) else {
                Issue.record("the fixture catalog did not build onto disk")
                return
            }
            try staging.publish()
            counts.append((staging.reusedCount, staging.writtenCount))
        }
        #expect(counts[0].reused == 0 && counts[0].written == memory.files.count)
        #expect(counts[1].reused == memory.files.count && counts[1].written == 0)
        for (path, bytes) in memory.files {
            #expect((try? Data(contentsOf: out.appendingPathComponent(path))) == bytes, "\(path)")
        }
    }

    @Test func aCatalogWithErrorsGivesItsDiagnosticsAndNoFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("catalog")
        try FileManager.default.copyItem(at: Self.fixture, to: catalog)
        try Data("{\"type\": \"record\", \"name\": ".utf8).write(to: catalog.appendingPathComponent("audit/audit.login.recorded/v1.avsc"))
        let output = MemoryOutput()
        guard case .failed(let problems) = pipeline(catalog).run(into: output) else {
            Issue.record("a broken schema built")
            return
        }
        #expect(problems.contains { $0.severity == .error && $0.location?.file == "catalog/audit/audit.login.recorded/v1.avsc" })
        #expect(output.files.isEmpty)
    }

    @Test func aMissingTemplatesFolderCannotRun() throws {
        var build = pipeline(Self.fixture)
        let missing = Self.repository.appendingPathComponent("no-such-templates")
        build.templates = { try SiteTemplates.load(from: missing) }
        guard case .failed(let problems) = build.run(into: MemoryOutput()) else {
            Issue.record("built without templates")
            return
        }
        #expect(problems.map(\.rule) == [CatalogRules.couldNotRun.id])
    }
}
