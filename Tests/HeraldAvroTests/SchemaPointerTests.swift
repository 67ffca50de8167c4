import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// Source pointers are recorded as steps of a table and written out on access; they must read exactly as the
/// JSON pointers of the document, and compare equal to sources made from pointer text.
@Suite struct SchemaPointerTests {
    static let text = #"""
    {"type": "record", "name": "Outer", "namespace": "n", "fields": [
      {"name": "a", "type": ["null", {"type": "map", "values": {"type": "array", "items": "long"}}], "default": null},
      {"name": "b", "type": {"type": "record", "name": "Inner", "fields": [{"name": "c", "type": "string"}]}},
      {"name": "d", "type": "Inner"}
    ]}
    """#

    @Test func nodeAndFieldPointersReadAsTheDocumentsPointers() throws {
        let schema = try #require(parseSchema(Self.text).schema)
        guard case .record(let outer) = schema.rootNode.type else { Issue.record("not a record"); return }
        #expect(schema.rootNode.source?.pointer == "")
        #expect(outer.fields.map { $0.source?.pointer } == ["/fields/0", "/fields/1", "/fields/2"])
        let union = schema[outer.fields[0].type]
        #expect(union.source?.pointer == "/fields/0/type")
        guard case .union(let branches) = union.type, case .map(let values) = schema[branches[1]].type,
              case .array(let items) = schema[values].type else { Issue.record("unexpected shape"); return }
        #expect(schema[branches[0]].source?.pointer == "/fields/0/type/0")
        #expect(schema[branches[1]].source?.pointer == "/fields/0/type/1")
        #expect(schema[values].source?.pointer == "/fields/0/type/1/values")
        #expect(schema[items].source?.pointer == "/fields/0/type/1/values/items")
        guard case .record(let inner) = schema[outer.fields[1].type].type else { Issue.record("not a record"); return }
        #expect(inner.fields[0].source?.pointer == "/fields/1/type/fields/0")
        #expect(schema[inner.fields[0].type].source?.pointer == "/fields/1/type/fields/0/type")
        // A reference is the node it names, defined at its first place.
        #expect(schema[outer.fields[2].type].source?.pointer == "/fields/1/type")
    }

    @Test func importedTypesKeepTheirOwnFilesPointers() throws {
        let shared = try #require(AvroSchemaParser().parse(
            #"{"type": "record", "name": "m.Money", "fields": [{"name": "units", "type": "long"}]}"#, file: "Money.avsc").schema)
        let known = NamedTypeSet(schemas: [shared])
        let schema = try #require(parseSchema(#"{"type": "record", "name": "E", "fields": [{"name": "x", "type": ["null", "m.Money"]}]}"#, known: known).schema)
        guard case .record(let record) = schema.rootNode.type, case .union(let branches) = schema[record.fields[0].type].type,
              case .record(let money) = schema[branches[1]].type else { Issue.record("unexpected shape"); return }
        #expect(schema[branches[1]].source?.location.file == "Money.avsc")
        #expect(schema[branches[1]].source?.pointer == "")
        #expect(money.fields[0].source?.pointer == "/fields/0")
        #expect(schema[money.fields[0].type].source?.pointer == "/fields/0/type")
    }

    @Test func diagnosticsPointAtTheOffendingAttribute() {
        let unknown = parseSchema(#"{"type": "record", "name": "E", "fields": [{"name": "x", "type": {"type": "Nope"}}]}"#).diagnostics
        #expect(unknown.map(\.pointer) == ["/fields/0/type/type"])
        let badDefault = parseSchema(#"{"type": "record", "name": "E", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": "z"}]}"#).diagnostics
        #expect(badDefault.map(\.pointer) == ["/fields/1/default"])
        let badSymbol = parseSchema(#"{"type": "enum", "name": "E", "symbols": ["A", "A"]}"#).diagnostics
        #expect(badSymbol.map(\.pointer) == ["/symbols/1"])
    }

    @Test func sourcesCompareByTheirPointerText() throws {
        let schema = try #require(parseSchema(Self.text).schema)
        guard case .record(let outer) = schema.rootNode.type, let parsed = outer.fields[1].source else { Issue.record("no source"); return }
        let written = SchemaSource(location: parsed.location, pointer: "/fields/1")
        #expect(parsed == written)
        #expect(parsed.hashValue == written.hashValue)
        #expect(parsed != SchemaSource(location: parsed.location, pointer: "/fields/2"))
        var changed = parsed
        changed.pointer = "/x"
        #expect(changed.pointer == "/x")
        #expect(parsed.pointer == "/fields/1")
        #expect(schema.droppingSources(keepingRoot: true).rootNode.source?.pointer == "")
    }
}
