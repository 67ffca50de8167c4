import Foundation
import HeraldCatalog
@testable import HeraldSite
import Testing

/// `SiteGenerator.emit(_:to:)`: every file once, from worker threads, stopping at the first error.
@Suite struct SiteEmitTests {
    /// Files handed to the callback, collected under a lock.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [EmittedFile] = []
        func add(_ file: EmittedFile) {
            lock.lock()
            storage.append(file)
            lock.unlock()
        }
        var files: [EmittedFile] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    struct Refused: Error, Equatable {}

    func generator(baseURL: String? = nil) throws -> SiteGenerator {
        SiteGenerator(options: SiteOptions(templates: try SiteFixture.templates(), baseURL: baseURL))
    }

    @Test func emitsWhatRenderReturnsEachFileOnce() throws {
        let catalog = try SiteFixture.catalog()
        let generator = try generator(baseURL: "https://catalog.example.com/")
        let received = Received()
        try generator.emit(catalog) { received.add($0) }
        let paths = received.files.map(\.path)
        #expect(Set(paths).count == paths.count)
        let rendered = try generator.render(catalog)
        #expect(received.files.sorted { $0.path < $1.path } == rendered)
        #expect(!rendered.contains { $0.path.hasPrefix("schemas/") })
        #expect(rendered.contains { $0.path == "sitemap.xml" })
    }

    @Test func stopsAndRethrowsWhenTheCallbackThrows() throws {
        let catalog = try SiteFixture.catalog()
        let generator = try generator()
        let total = try generator.render(catalog).count
        let received = Received()
        #expect(throws: Refused.self) {
            try generator.emit(catalog) { file in
                received.add(file)
                if received.files.count >= 2 { throw Refused() }
            }
        }
        #expect(received.files.count < total)
    }

    @Test func sitemapListsEveryPageButTheNotFoundPage() throws {
        let files = try generator(baseURL: "https://catalog.example.com/shop").render(try SiteFixture.catalog())
        let sitemap = try #require(files.first { $0.path == "sitemap.xml" })
        let text = String(decoding: sitemap.bytes, as: UTF8.self)
        let listed = text.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: "<loc>https://catalog.example.com/shop/"), let end = line.range(of: "</loc>") else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        }
        let pages = files.map(\.path).filter { $0.hasSuffix(".html") && $0 != "404.html" }
        #expect(listed == pages)
    }
}

/// Names that would collide with generated pages.
@Suite struct SitePathCollisionTests {
    @Test func anEventNamedIndexDoesNotReplaceTheEventList() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("herald-index-event-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        try manager.copyItem(at: SiteFixture.resources.appendingPathComponent("catalog"), to: directory)
        try manager.copyItem(at: directory.appendingPathComponent("shop/order.placed"), to: directory.appendingPathComponent("shop/index"))
        let files = try SiteGenerator(options: SiteOptions(templates: try SiteFixture.templates(), baseURL: "https://example.com/"))
            .render(try SiteFixture.catalog(directory))
        let paths = files.map(\.path)
        #expect(Set(paths).count == paths.count)
        let list = try #require(files.first { $0.path == "events/index.html" })
        #expect(String(decoding: list.bytes, as: UTF8.self).contains("All events"))
        let sitemap = String(decoding: try #require(files.first { $0.path == "sitemap.xml" }).bytes, as: UTF8.self)
        #expect(sitemap.components(separatedBy: "events/index.html").count == 2)
    }
}

/// Every version's `.avsc` is a file of the site at `events/<slug>/v<N>.avsc`, the latest again at `latest.avsc`,
/// byte for byte as written, and the event page links to them relatively.
@Suite struct SchemaFileTests {
    @Test func everyVersionIsAFileAsWrittenAndLinkedFromItsPage() throws {
        let catalog = try SiteFixture.catalog()
        let files = try SiteGenerator(options: SiteOptions(templates: try SiteFixture.templates())).render(catalog)
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
        var schemaFiles = 0
        let slugs = SiteIndex(catalog).eventSlugs
        for (position, event) in catalog.events.enumerated() {
            let slug = slugs[position]
            let page = String(decoding: try #require(byPath["events/\(slug).html"], "\(slug)"), as: UTF8.self)
            #expect(!event.versions.isEmpty)
            for version in event.versions {
                let written = try Data(contentsOf: SiteFixture.resources.appendingPathComponent(version.source.file))
                #expect(byPath["events/\(slug)/v\(version.number).avsc"] == written, "\(slug) v\(version.number)")
                #expect(page.contains(#"href="\#(slug)/v\#(version.number).avsc" download="\#(slug).v\#(version.number).avsc""#))
                schemaFiles += 1
            }
            let latest = try #require(event.latest)
            #expect(byPath["events/\(slug)/latest.avsc"] == Data(latest.source.text.utf8))
            #expect(page.contains(#"<a href="\#(slug)/latest.avsc""#))
            schemaFiles += 1
        }
        #expect(files.filter { $0.path.hasSuffix(".avsc") }.count == schemaFiles)
        // No schema travels inside a page any more.
        #expect(!files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("data:application/vnd.apache.avro") })
    }
}

/// A partial render's jobs, listed from the selection alone, are the full list's jobs the selection includes, also
/// when an edited event's page path is a list page's (an event named `index`).
@Suite struct SelectedJobsTests {
    @Test func selectedJobsAreTheFullListsJobsTheSelectionIncludes() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("herald-selected-jobs-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        try manager.copyItem(at: SiteFixture.resources.appendingPathComponent("catalog"), to: directory)
        // Enough events for a one-event edit to be a selection (less than a quarter of the catalog).
        for name in ["index", "order.copied", "order.copied.again", "order.copied.thrice"] {
            try manager.copyItem(at: directory.appendingPathComponent("shop/order.placed"), to: directory.appendingPathComponent("shop/\(name)"))
        }
        let catalog = try SiteFixture.catalog(directory)
        let options = SiteOptions(templates: try SiteFixture.templates(), baseURL: "https://example.com/")
        let renderer = SiteRenderer(catalog: catalog, siteIndex: SiteIndex(catalog), markdown: MarkdownRenderer(), asyncAPI: [])
        let full = SiteGenerator.jobs(renderer: renderer, assets: options.templates.assets, baseURL: options.baseURL)
        #expect(catalog.events.count >= 4)
        var compared: [String] = []
        for event in catalog.events {
            // (A selection is made only for edits of less than a quarter of the catalog.)
            guard let selection = SiteSelection.of(catalog, options: options, since: catalog, options: options, changedFolders: [event.folder])
            else { continue }
            let selected = SiteGenerator.jobs(renderer: renderer, only: selection).map { "\($0)" }
            #expect(selected == full.filter(selection.includes).map { "\($0)" }, "\(event.folder)")
            compared.append(event.folder)
        }
        #expect(compared.contains("shop/index"))
    }
}
