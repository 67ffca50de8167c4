import Foundation
import HeraldCatalog
import HeraldSite
import Testing
import HeraldTestSupport

/// The fixture catalog, Herald's own templates and golden files, located from this file.
enum SiteFixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let resources = testsDirectory.appendingPathComponent("Resources")
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let templatesDirectory = repositoryRoot.appendingPathComponent("templates")

    static func catalog(_ directory: URL = resources.appendingPathComponent("catalog")) throws -> ResolvedCatalog {
        let files = try DirectoryCatalogSource(directory: directory, displayRoot: "catalog").load()
        return CatalogResolver().resolve(CatalogParser().parse(files))
    }

    static func templates() throws -> SiteTemplates { try SiteTemplates.load(from: templatesDirectory) }

    /// The fixture site, by path.
    static func site(baseURL: String? = nil) throws -> [String: String] {
        let files = try SiteGenerator(options: SiteOptions(
            templates: try templates(), baseURL: baseURL,
            asyncAPIDocuments: [AsyncAPIDocumentLink(path: "index.html", title: "Catalog document")]
        )).render(try catalog())
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// Compares `text` with `Resources/golden/<name>` (Golden.swift).
    static func expectGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.check(text, against: resources.appendingPathComponent("golden").appendingPathComponent(name), sourceLocation: sourceLocation)
    }
}
