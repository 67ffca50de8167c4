import HeraldAvro
import HeraldSite
import Testing

/// The semantic diff between versions, on the fixture's order.placed.v2 and on small schemas.
@Suite struct SchemaDiffTests {
    func schema(_ text: String) throws -> AvroSchema {
        try #require(AvroSchemaParser().parse(text, file: nil).schema)
    }

    @Test func fixtureVersions() throws {
        let catalog = try SiteFixture.catalog()
        let event = try #require(catalog.event(named: "order.placed.v2"))
        let v1 = try #require(event.versions[0].schema), v2 = try #require(event.versions[1].schema)
        let changes = SchemaDiff().changes(from: v1, to: v2).map { "\($0.kind.rawValue) \($0.path): \($0.detail)" }
        #expect(changes == [
            "doc eventId: doc changed",
            "added channel: enum symbols added: PHONE",
            "changed lines[].quantity: default changed from 1 to 2",
            "added coupon: field added (union<null, string>, default null)",
        ])
    }

    @Test func removalsTypeChangesAndUnions() throws {
        let old = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"},{"name":"c","type":["null","int"]},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"]}},{"name":"f","type":{"type":"fixed","name":"F","size":4}}]}"#)
        let new = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"c","type":["null","int","string"]},{"name":"e","type":{"type":"enum","name":"E","symbols":["X"]}},{"name":"f","type":{"type":"fixed","name":"F","size":8}}]}"#)
        let changes = SchemaDiff().changes(from: old, to: new).map { "\($0.kind.rawValue) \($0.path): \($0.detail)" }
        #expect(changes == [
            "removed b: field removed (string)",
            "changed a: type changed from int to long",
            "added c: union branches added: string",
            "removed e: enum symbols removed: Y",
            "changed f: type changed from F (4 bytes) to F (8 bytes)",
        ])
    }

    @Test func unionsKeptInOrderAreComparedInside() throws {
        let old = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":["null",{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}]},{"name":"b","type":["null","string","long"]},{"name":"t","type":"long"},{"name":"u","type":{"type":"string","logicalType":"uuid"}},{"name":"m","type":{"type":"map","values":["null","int"]}}]}"#)
        let new = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":["null",{"type":"record","name":"A","fields":[{"name":"x","type":"long"},{"name":"y","type":"string","default":""}]}]},{"name":"b","type":["null","long","string"]},{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"u","type":{"type":"string","logicalType":"uuid"}},{"name":"m","type":{"type":"map","values":["null","long"]}}]}"#)
        let changes = SchemaDiff().changes(from: old, to: new).map { "\($0.kind.rawValue) \($0.path): \($0.detail)" }
        #expect(changes == [
            "changed a.x: type changed from int to long",
            "added a.y: field added (string, default \"\")",
            "changed b: union branches reordered: union<null, string, long> → union<null, long, string>",
            "changed t: type changed from long to long (timestamp-millis)",
            "added m{}: union branches added: long",
            "removed m{}: union branches removed: int",
        ])
    }

    @Test func recursiveSchemasTerminate() throws {
        let text = #"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"],"default":null}]}"#
        #expect(SchemaDiff().changes(from: try schema(text), to: try schema(text)).isEmpty)
    }
}
