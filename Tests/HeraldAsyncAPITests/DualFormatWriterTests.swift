import Foundation
@testable import HeraldAsyncAPI
import HeraldAvro
import Testing

/// The walk-based writers against the tree writers: a walk written straight to bytes is byte for byte what
/// `YAMLWriter` and compact `JSONWriter` make of the tree, and an Avro schema walked is `AvroSchemaWriter`'s value.
@Suite struct DualFormatWriterTests {
    /// Values exercising every layout rule: empty containers in every position, arrays of arrays, objects in
    /// arrays, multi-line and quoted strings, numbers needing normalisation, scalars as whole documents.
    static let values: [JSONValue] = {
        let tricky: [JSONValue] = [
            .string("plain"), .string("yes"), .string("12"), .string(""), .string(" leading"), .string("a: b"),
            .string("line one\nline two\n"), .string("kept\n\n\n"), .string("no final break\nhere"),
            .string("naïve\nmulti-line\n"), .string("tab\tand \"quotes\" \\"), .string("trailing \nblank"),
            .string("\u{2028}separator"), .string("#comment"), .string("- dash"),
            .number(JSONNumber(text: "1.5e3")), .number(JSONNumber(text: "-0.25")), .number(JSONNumber(text: "42")),
            .number(JSONNumber(text: "1E-7")), .bool(true), .bool(false), .null,
            .array([]), .object(JSONObject()),
        ]
        let nested: JSONValue = .object(JSONObject([
            ("empty", .object(JSONObject())), ("none", .array([])),
            ("list", .array(tricky)),
            ("lists", .array([.array([]), .array([.string("x"), .array([.null])]), .object(JSONObject())])),
            ("objects", .array([
                .object(JSONObject([("a", .string("b")), ("c", .array([.object(JSONObject([("d", .array([]))]))]))])),
                .object(JSONObject([("empty", .object(JSONObject()))])),
            ])),
            ("needs quotes: key", .string("value")), ("on", .bool(true)),
            ("deep", .object(JSONObject(tricky.enumerated().map { (key: "k\($0.offset)", value: $0.element) }))),
        ]))
        return tricky + [nested, .array([nested, nested]), .array([.array([nested])])]
    }()

    @Test func walkedValuesMatchTheTreeWriters() {
        for value in Self.values {
            var writer = DualFormatWriter()
            writer.walk(value)
            var json: [UInt8] = []
            JSONWriter(style: .compact).write(value, into: &json)
            #expect(writer.json == json, "JSON of \(value)")
            var yaml: [UInt8] = []
            YAMLWriter().write(value, into: &yaml)
            #expect(String(decoding: writer.yaml, as: UTF8.self) == String(decoding: yaml, as: UTF8.self), "YAML of \(value)")
        }
    }

    @Test func entriesMatchMembersWrittenByTheTreeWriter() {
        for value in Self.values {
            for indent in [0, 4] {
                var writer = DualFormatWriter()
                writer.beginEntry("entry.v1", indent: indent)
                writer.walk(value)
                var yaml: [UInt8] = []
                YAMLWriter().appendMember("entry.v1", value, indent: indent, into: &yaml)
                var json = Array("\"entry.v1\":".utf8)
                JSONWriter(style: .compact).write(value, into: &json)
                #expect(String(decoding: writer.yaml, as: UTF8.self) == String(decoding: yaml, as: UTF8.self))
                #expect(writer.json == json)
            }
        }
    }

    @Test func treeBuilderRebuildsTheWalkedValue() {
        for value in Self.values {
            var tree = JSONTreeBuilder()
            tree.walk(value)
            #expect(tree.result == value)
        }
    }

    /// Schemas with every attribute the writer knows: named types reused and in other namespaces, logical types on
    /// primitives and fixed, custom properties (one named like an attribute), defaults, orders, aliases, errors.
    static let schemaTexts = [
        #""string""#,
        #"["null", "int", {"type": "long", "logicalType": "timestamp-millis"}]"#,
        #"{"type": "string", "logicalType": "uuid", "x-note": "kept", "other": {"a": [1, 2]}}"#,
        #"""
        {"type": "record", "name": "Outer", "namespace": "com.example", "doc": "Top.\nTwo lines.", "aliases": ["Old"],
         "x-owner": "team", "fields": [
           {"name": "id", "type": {"type": "fixed", "name": "Id", "size": 16, "logicalType": "decimal", "precision": 9, "scale": 2}},
           {"name": "same", "type": "Id", "doc": "reused", "order": "descending", "aliases": ["alias"], "x-field": true},
           {"name": "kind", "type": {"type": "enum", "name": "Kind", "namespace": "org.other", "symbols": ["A", "B"], "default": "A", "doc": "k"}},
           {"name": "kinds", "type": {"type": "array", "items": "org.other.Kind"}, "default": []},
           {"name": "nested", "type": ["null", {"type": "record", "name": "Inner", "fields": [
              {"name": "m", "type": {"type": "map", "values": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 1}}}
           ]}], "default": null},
           {"name": "failure", "type": {"type": "error", "name": "Failure", "fields": [{"name": "why", "type": "string", "default": "yes"}]}},
           {"name": "amount", "type": "double", "default": 1.5e3, "order": "ignore"}
         ]}
        """#,
    ]

    @Test func avroSchemasWalkAsTheSchemaWriterWritesThem() throws {
        var schemas: [AvroSchema] = []
        for text in Self.schemaTexts {
            schemas.append(try #require(AvroSchemaParser().parse(text, file: "walk.avsc").schema, "\(text) parses"))
        }
        // Every schema file in the repository that parses on its own.
        let root = TestCatalogs.repository
        for folder in ["Tests", "schemas"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "avsc", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                if let schema = AvroSchemaParser().parse(text, file: url.lastPathComponent).schema { schemas.append(schema) }
            }
        }
        #expect(schemas.count > 20)
        for schema in schemas { expectWalkMatchesSchemaWriter(schema) }
    }

    /// Properties named like attributes, which only a schema built in code can hold: on a field one replaces the
    /// attribute in place, on a type the attribute wins.
    @Test func propertiesNamedLikeAttributesWalkAsTheSchemaWriterWritesThem() throws {
        let text = #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "doc": "d"}, {"name": "b", "type": {"type": "enum", "name": "E", "symbols": ["X"]}}, {"name": "c", "type": "E"}]}"#
        var schema = try #require(AvroSchemaParser().parse(text, file: "shadow.avsc").schema)
        let root = schema.root
        guard case .record(var record) = schema.nodes[root].type else {
            Issue.record("not a record")
            return
        }
        record.fields[0].properties.set("doc", .string("replaced"))
        record.fields[0].properties.set("x-extra", .bool(true))
        record.fields[1].properties.set("type", .string("replaced type"))
        schema.nodes[root].type = .record(record)
        schema.nodes[root].properties.set("name", .string("ignored"))
        schema.nodes[root].properties.set("x-kept", .number(JSONNumber(1)))
        expectWalkMatchesSchemaWriter(schema)
    }

    /// The byte walk of a schema writes what the tree writers write for `AvroSchemaWriter`'s tree, in both formats.
    func expectWalkMatchesSchemaWriter(_ schema: AvroSchema, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let value = AvroSchemaWriter().jsonValue(schema)
        var writer = DualFormatWriter()
        writer.avroSchema(schema)
        var json: [UInt8] = []
        JSONWriter(style: .compact).write(value, into: &json)
        #expect(String(decoding: writer.json, as: UTF8.self) == String(decoding: json, as: UTF8.self), sourceLocation: sourceLocation)
        var yaml: [UInt8] = []
        YAMLWriter().write(value, into: &yaml)
        #expect(String(decoding: writer.yaml, as: UTF8.self) == String(decoding: yaml, as: UTF8.self), sourceLocation: sourceLocation)
    }
}
