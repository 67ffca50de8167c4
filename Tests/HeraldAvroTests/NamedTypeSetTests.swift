import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

@Suite struct NamedTypeSetTests {
    static let money = #"{"type":"record","name":"Money","namespace":"com.example.common","doc":"An amount.","fields":[{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},{"name":"currency","type":{"type":"enum","name":"Currency","symbols":["EUR","USD"]}}]}"#

    func moneySet() throws -> NamedTypeSet {
        let schema = try #require(AvroSchemaParser().parse(Self.money, file: "types/Money.avsc").schema)
        return NamedTypeSet(schemas: [schema])
    }

    @Test func resolvesByFullNameAndCopiesTheSubgraph() throws {
        let known = try moneySet()
        #expect(known.fullNames == ["com.example.common.Currency", "com.example.common.Money"])
        let text = #"{"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[{"name":"total","type":"com.example.common.Money"},{"name":"tax","type":["null","com.example.common.Money"],"default":null},{"name":"c","type":"com.example.common.Currency"}]}"#
        let result = AvroSchemaParser().parse(text, file: "order/v1.avsc", knownTypes: known)
        let schema = try #require(result.schema)
        #expect(result.diagnostics.isEmpty)
        #expect(Set(schema.namedTypes.keys) == ["com.example.order.OrderPlaced", "com.example.common.Money", "com.example.common.Currency"])
        #expect(schema.canonicalForm == #"{"name":"com.example.order.OrderPlaced","type":"record","fields":[{"name":"total","type":{"name":"com.example.common.Money","type":"record","fields":[{"name":"amount","type":"bytes"},{"name":"currency","type":{"name":"com.example.common.Currency","type":"enum","symbols":["EUR","USD"]}}]}},{"name":"tax","type":["null","com.example.common.Money"]},{"name":"c","type":"com.example.common.Currency"}]}"#)
        // Copied nodes keep their own source file; the schema is self-contained.
        let moneyID = try #require(schema.namedTypes["com.example.common.Money"])
        #expect(schema.nodes[moneyID].source?.location.file == "types/Money.avsc")
        for node in schema.nodes { for child in node.type.children { #expect(child < schema.nodes.count) } }
        // Full JSON defines Money in full once, with its doc and logical type, and reparses alone.
        let json = schema.jsonText()
        #expect(json.contains("\"doc\": \"An amount.\""))
        #expect(AvroSchemaParser().parse(json, file: nil).schema?.canonicalForm == schema.canonicalForm)
    }

    @Test func importReusesTypesAlreadyDefinedInTheDocument() throws {
        let known = try moneySet()
        // Currency is defined here first (identically), so the imported Money points at this document's Currency.
        let text = #"{"type":"record","name":"com.example.order.Order","fields":[{"name":"c","type":{"type":"enum","name":"com.example.common.Currency","symbols":["EUR","USD"]}},{"name":"m","type":"com.example.common.Money"},{"name":"n","type":"com.example.common.Money"}]}"#
        let result = AvroSchemaParser().parse(text, file: "order.avsc", knownTypes: known)
        let schema = try #require(result.schema)
        #expect(result.diagnostics.isEmpty)
        let currency = try #require(schema.namedTypes["com.example.common.Currency"])
        let money = try #require(schema.namedTypes["com.example.common.Money"])
        #expect(schema.nodes[currency].source?.location.file == "order.avsc")
        guard case .record(let record) = schema.nodes[money].type else { Issue.record("Money is not a record"); return }
        #expect(record.fields.map(\.type).last == currency)
        guard case .record(let order) = schema.nodes[schema.root].type else { Issue.record("root is not a record"); return }
        #expect(order.fields.map(\.type) == [currency, money, money])
        #expect(schema.nodes.count == 4)
    }

    @Test func resolvesShortNamesInTheCurrentNamespace() throws {
        let known = try moneySet()
        let text = #"{"type":"record","name":"Price","namespace":"com.example.common","fields":[{"name":"m","type":"Money"}]}"#
        #expect(AvroSchemaParser().parse(text, file: nil, knownTypes: known).schema != nil)
        let elsewhere = #"{"type":"record","name":"Price","namespace":"com.example.pricing","fields":[{"name":"m","type":"Money"}]}"#
        let result = AvroSchemaParser().parse(elsewhere, file: nil, knownTypes: known)
        #expect(result.diagnostics.map(\.rule) == ["AVRO_UNKNOWN_TYPE"])
        #expect(result.diagnostics.first?.hint?.contains("com.example.common.Money") == true)
    }

    @Test func conflictingDefinitionsAreReported() throws {
        let a = try #require(AvroSchemaParser().parse(#"{"type":"fixed","name":"x.Id","size":16}"#, file: "a.avsc").schema)
        let b = try #require(AvroSchemaParser().parse(#"{"type":"fixed","name":"x.Id","size":8}"#, file: "b.avsc").schema)
        let same = try #require(AvroSchemaParser().parse(#"{"type":"fixed","name":"x.Id","size":16,"doc":"same shape"}"#, file: "c.avsc").schema)
        let set = NamedTypeSet(schemas: [a, b, same])
        #expect(set.diagnostics.map(\.rule) == ["AVRO_CONFLICTING_DEFINITION"])
        #expect(set.diagnostics.first?.location?.file == "b.avsc")
        // A local definition that differs from a known one is an error too.
        let local = AvroSchemaParser().parse(#"{"type":"fixed","name":"x.Id","size":4}"#, file: "d.avsc", knownTypes: set)
        #expect(local.diagnostics.map(\.rule) == ["AVRO_CONFLICTING_DEFINITION"])
        #expect(set.schema(for: "x.Id")?.canonicalForm == #"{"name":"x.Id","type":"fixed","size":16}"#)
    }

    @Test func parseSetOrdersFilesByDependency() throws {
        let files: [(path: String, text: String)] = [
            ("events/order.avsc", #"{"type":"record","name":"com.example.Order","fields":[{"name":"p","type":"com.example.Price"}]}"#),
            ("types/Price.avsc", #"{"type":"record","name":"com.example.Price","fields":[{"name":"m","type":"com.example.common.Money"}]}"#),
            ("types/Money.avsc", Self.money),
        ]
        let result = AvroSchemaParser().parseSet(files: files)
        #expect(result.diagnostics.isEmpty)
        #expect(result.files.map(\.path) == files.map(\.path))
        #expect(result.files.allSatisfy { $0.schema != nil })
        #expect(result.namedTypes.contains("com.example.Order"))
        #expect(result.schema(at: "events/order.avsc")?.namedTypes.count == 4)
    }

    @Test func parseSetReportsCycles() {
        let files: [(path: String, text: String)] = [
            ("a.avsc", #"{"type":"record","name":"A","fields":[{"name":"b","type":"B"}]}"#),
            ("b.avsc", #"{"type":"record","name":"B","fields":[{"name":"a","type":"A"}]}"#),
            ("c.avsc", #"{"type":"fixed","name":"C","size":1}"#),
            ("d.avsc", #"{"type":"record","name":"D","fields":[}"#),
        ]
        let result = AvroSchemaParser().parseSet(files: files)
        #expect(result.files[0].diagnostics.contains { $0.rule == "AVRO_FILE_CYCLE" })
        #expect(result.files[1].diagnostics.contains { $0.rule == "AVRO_FILE_CYCLE" })
        #expect(result.files[2].schema != nil)
        #expect(result.files[3].diagnostics.map(\.rule) == ["JSON_SYNTAX"])
    }
}

@Suite struct FingerprintTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"), ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"), ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func md5MatchesRFC1321(input: String, digest: String) {
        #expect(hex(MD5.digest(Array(input.utf8))) == digest)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPS180(input: String, digest: String) {
        #expect(hex(SHA256.digest(Array(input.utf8))) == digest)
    }

    @Test func sha256OfAMillionAs() {
        #expect(hex(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func rabinConventions() throws {
        let schema = try #require(parseSchema(#""string""#).schema)
        #expect(Int64(bitPattern: schema.rabinFingerprint) == -8142146995180207161)
        #expect(hex(schema.fingerprint(.rabin)) == "c70345637248018f")
        #expect(schema.fingerprint(.md5) == MD5.digest(Array(#""string""#.utf8)))
        #expect(schema.fingerprint(.sha256).count == 32)
        #expect(RabinFingerprint.fingerprint([]) == RabinFingerprint.empty)
    }
}

@Suite struct SchemaSetConflictTests {
    @Test func versionsMayRedefineTheirOwnTypesButSharedConflictsAreReported() {
        let files: [(path: String, text: String)] = [
            ("e/v1.avsc", #"{"type":"record","name":"x.E","fields":[{"name":"a","type":"int"}]}"#),
            ("e/v2.avsc", #"{"type":"record","name":"x.E","fields":[{"name":"a","type":"int"},{"name":"b","type":"int","default":0}]}"#),
            ("t/A.avsc", #"{"type":"record","name":"t.A","fields":[{"name":"id","type":{"type":"fixed","name":"t.Id","size":16}}]}"#),
            ("t/B.avsc", #"{"type":"record","name":"t.B","fields":[{"name":"id","type":{"type":"fixed","name":"t.Id","size":8}}]}"#),
            ("u.avsc", #"{"type":"record","name":"U","fields":[{"name":"a","type":"t.A"},{"name":"b","type":"t.B"}]}"#),
        ]
        let result = AvroSchemaParser().parseSet(files: files)
        #expect(result.files[0].schema != nil && result.files[1].schema != nil)
        #expect(result.files[2].schema != nil && result.files[3].schema != nil)
        #expect(result.files[4].schema == nil)
        #expect(result.files[4].diagnostics.first?.rule == "AVRO_CONFLICTING_DEFINITION")
        #expect(result.namedTypes.diagnostics.isEmpty)
    }
}
