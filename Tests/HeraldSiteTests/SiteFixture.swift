import Foundation
import HeraldCatalog
import HeraldSite
import Testing

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

    /// Compares `text` with `Resources/golden/<name>`; `HERALD_UPDATE_GOLDENS=1` rewrites the golden file instead.
    static func expectGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = resources.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            print("note: rewrote golden file \(name)")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != text {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
            let expectedLine = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
            let actualLine = first < actualLines.count ? String(actualLines[first]) : "<end>"
            Issue.record("\(name) differs from its golden file at line \(first + 1):\n expected: \(expectedLine)\n actual:   \(actualLine)\n(HERALD_UPDATE_GOLDENS=1 rewrites)",
                         sourceLocation: sourceLocation)
        }
    }
}
