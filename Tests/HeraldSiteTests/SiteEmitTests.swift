import Foundation
import HeraldCatalog
import HeraldSite
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

/// The `.avsc` downloads are `data:` URLs in the event page that carry each version's file exactly as written.
@Suite struct SchemaDownloadTests {
    @Test func everyVersionLinkCarriesItsFileAsWritten() throws {
        let catalog = try SiteFixture.catalog()
        let files = try SiteGenerator(options: SiteOptions(templates: try SiteFixture.templates())).render(catalog)
        let page = String(decoding: try #require(files.first { $0.path == "events/order.placed.v2.html" }).bytes, as: UTF8.self)
        let event = try #require(catalog.events.first { $0.name == "order.placed.v2" })
        #expect(!event.versions.isEmpty)
        for version in event.versions {
            let name = "order.placed.v2.v\(version.number).avsc"
            let pattern = try Regex(#"href="data:application/vnd\.apache\.avro\+json;charset=utf-8;base64,([A-Za-z0-9+/=]*)" download="\#(name)""#)
            let match = try #require(page.firstMatch(of: pattern), "no download link named \(name)")
            let decoded = try #require(Data(base64Encoded: String(match.output[1].substring ?? "")))
            #expect(String(decoding: decoded, as: UTF8.self) == version.source.text)
        }
    }
}
