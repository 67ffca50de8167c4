import Foundation
import HeraldAsyncAPI
import HeraldAvro
import HeraldCatalog
import Testing

/// Every emitted Avro payload is self-contained (parses with no shared types) and has the canonical form of the
/// catalog's resolved schema for that event version.
@Suite struct PayloadRoundTripTests {
    @Test(arguments: AsyncAPIVersion.allCases)
    func fixturePayloadsRoundTrip(version: AsyncAPIVersion) throws {
        let checked = try roundTrip(try TestCatalogs.fixtureCatalog(), version: version)
        #expect(checked == 15, "every message of every document was checked (catalog 5, services 1 + 2 + 3 + 4)")
    }

    @Test(arguments: AsyncAPIVersion.allCases)
    func bundledCatalogPayloadsRoundTrip(version: AsyncAPIVersion) throws {
        let catalog = try TestCatalogs.bundledCatalog()
        let checked = try roundTrip(catalog, version: version)
        #expect(checked > 0)
        let versions = catalog.events.reduce(0) { $0 + $1.versions.count { $0.schema != nil } }
        #expect(versions > 40, "the bundled catalog's schemas parse")
    }

    /// Returns the number of payloads checked.
    func roundTrip(_ catalog: ResolvedCatalog, version: AsyncAPIVersion) throws -> Int {
        var checked = 0
        for (path, document) in try TestCatalogs.jsonDocuments(catalog, version: version) {
            for (id, message) in document[["components", "messages"]]?.objectValue?.members ?? [] {
                let payload = version == .v3_0_0 ? message[["payload", "schema"]] : message["payload"]
                let format = version == .v3_0_0 ? message[["payload", "schemaFormat"]] : message["schemaFormat"]
                #expect(format?.stringValue == "application/vnd.apache.avro+json;version=1.9.0")
                guard let payload, let event = message["x-herald-event"]?.stringValue,
                      let number = message["x-herald-schema-version"]?.intValue else {
                    Issue.record("\(path): message \(id) lacks a payload or its x-herald facts")
                    continue
                }
                let parsed = AvroSchemaParser().parse(JSONWriter().write(payload), file: nil)
                #expect(!parsed.diagnostics.contains { $0.severity == .error }, "\(path): \(id) payload does not parse on its own")
                let expected = catalog.event(named: event)?.versions.first { $0.number == number }?.schema
                #expect(parsed.schema != nil && parsed.schema?.canonicalForm == expected?.canonicalForm,
                        "\(path): \(id) payload's canonical form differs from the catalog's")
                checked += 1
            }
        }
        return checked
    }
}
