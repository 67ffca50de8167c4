import Foundation
import HeraldAvro
import HeraldCatalog
import Testing
@testable import HeraldAsyncAPI

/// Names the documents use and the derived `info.version` / content hash.
@Suite struct NamingAndVersionTests {
    @Test func componentKeysStayInTheAllowedAlphabet() {
        #expect(CatalogTopology.channelID("orders.order-placed_v2") == "orders.order-placed_v2")
        #expect(CatalogTopology.channelID("a/b c{d}") == "a_b_c_d_")
        #expect(CatalogTopology.channelID("") == "_")
        #expect(CatalogTopology.messageID(event: "order.placed.v2", version: 1) == "order.placed.v2.v1")
    }

    @Test func serviceFileNames() {
        #expect(AsyncAPIGenerator.fileStem(service: "order-service") == "order-service")
        #expect(AsyncAPIGenerator.fileStem(service: "catalog") == "catalog-service")
        #expect(AsyncAPIGenerator.fileStem(service: "../etc/passwd") == "_._etc_passwd")
        #expect(AsyncAPIGenerator.fileStem(service: "a b") == "a_b")
    }

    @Test func documentIDs() {
        #expect(DocumentIdentity.slug("Example Motors event catalog") == "example-motors-event-catalog")
        #expect(DocumentIdentity.slug("  Fixture shop: catalog! ") == "fixture-shop-catalog")
        #expect(DocumentIdentity.slug("€€") == "catalog")
    }

    /// The fixture catalog's files with one file's text replaced.
    func catalog(replacing path: String, _ transform: (String) -> String) throws -> ResolvedCatalog {
        var files = try DirectoryCatalogSource(directory: TestCatalogs.fixture, displayRoot: "fixture-catalog").load()
        let original = try #require(files.files[path])
        let changed = transform(String(decoding: original, as: UTF8.self))
        #expect(changed != String(decoding: original, as: UTF8.self), "the edit applies")
        files.files[path] = Data(changed.utf8)
        return CatalogResolver().resolve(CatalogParser().parse(files))
    }

    func info(_ catalog: ResolvedCatalog) throws -> (version: String?, hash: String?) {
        let documents = try TestCatalogs.jsonDocuments(catalog, version: .v3_0_0)
        let document = try #require(documents.first { $0.path == "asyncapi/catalog.json" }?.value)
        return (document[["info", "version"]]?.stringValue, document[["info", "x-herald-content-hash"]]?.stringValue)
    }

    @Test func versionCountsSchemaVersionsAndHashFollowsCanonicalForms() throws {
        let base = try info(try TestCatalogs.fixtureCatalog())
        #expect(base.version == "1.5.0")
        #expect(base.hash?.count == 12)
        // A doc-only edit changes neither.
        let docEdit = try info(try catalog(replacing: "shop/shop.order.placed/v1.avsc") {
            $0.replacingOccurrences(of: "An order was placed.", with: "An order was placed by a customer.")
        })
        #expect(docEdit.version == base.version && docEdit.hash == base.hash)
        // A type change keeps the count but changes the hash.
        let typeEdit = try info(try catalog(replacing: "audit/audit.login.recorded/v1.avsc") {
            $0.replacingOccurrences(of: #"{"name": "user", "type": "string"}"#, with: #"{"name": "user", "type": "bytes"}"#)
        })
        #expect(typeEdit.version == base.version && typeEdit.hash != base.hash)
    }
}
