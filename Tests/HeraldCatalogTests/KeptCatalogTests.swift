import Foundation
import HeraldAvro
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog

/// `herald build`'s check keeps the resolved catalog and drops the older schemas' source positions once each event's
/// rules have run. Its findings must be exactly `herald check`'s, positions included.
@Suite struct KeptCatalogTests {
    @Test(arguments: CatalogRules.all.map(\.id))
    func keepingTheCatalogReportsTheSameFindings(rule: String) throws {
        let folder = Fixtures.root.appendingPathComponent(rule).appendingPathComponent("catalog")
        let files = { try DirectoryCatalogSource(directory: folder, displayRoot: "").load() }
        let checked = CatalogChecker().check(try files())
        let kept = CatalogChecker(keepsCatalog: true).check(try files())
        #expect(kept.diagnostics == checked.diagnostics)
        #expect(kept.catalog != nil)
    }

    @Test func olderSchemasKeepOnlyTheirRootPosition() throws {
        let files = try DirectoryCatalogSource(directory: Fixtures.root.appendingPathComponent("_compatibility/catalog"), displayRoot: "").load()
        let catalog = try #require(CatalogChecker(keepsCatalog: true).check(files).catalog)
        let resolved = CatalogResolver().resolve(CatalogParser().parse(files))
        var older = 0
        for (event, full) in zip(catalog.events, resolved.events) {
            for (version, original) in zip(event.versions, full.versions) {
                guard let schema = version.schema, let originalSchema = original.schema else { continue }
                // The schema itself is unchanged: same canonical form.
                #expect(schema.canonicalForm == originalSchema.canonicalForm)
                if version.number == event.latest?.number {
                    #expect(schema.nodes.map(\.source) == originalSchema.nodes.map(\.source))
                } else {
                    #expect(schema.nodes.indices.allSatisfy { $0 == schema.root || schema.nodes[$0].source == nil })
                    #expect(schema.rootNode.source == originalSchema.rootNode.source)
                    older += 1
                }
            }
        }
        #expect(older > 0, "the fixture has older versions")
    }

    @Test func droppingSourcesKeepsTheSchema() throws {
        let text = #"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"string"}},{"name":"b","type":["null","long"],"default":null}]}"#
        let schema = try #require(AvroSchemaParser().parse(text, file: "r.avsc").schema)
        let dropped = schema.droppingSources()
        #expect(dropped.canonicalForm == schema.canonicalForm)
        #expect(dropped.nodes.allSatisfy { $0.source == nil })
        if case .record(let record) = dropped.rootNode.type { #expect(record.fields.allSatisfy { $0.source == nil }) }
        let rooted = schema.droppingSources(keepingRoot: true)
        #expect(rooted.rootNode.source == schema.rootNode.source)
        #expect(schema.rootNode.source != nil)
    }
}
