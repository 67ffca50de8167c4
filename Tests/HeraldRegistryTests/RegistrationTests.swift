import HeraldAvro
import Testing
@testable import HeraldRegistry

@Suite struct RegistrationTests {
    @Test func versionsAndIDsAreAssignedInOrderAndReused() throws {
        var state = RegistryState()
        #expect(try state.registered("orders-value", Schemas.v1) == (1, 1))
        #expect(try state.registered("orders-value", Schemas.v2) == (2, 2))
        // The same schema again: the version already there, nothing new.
        let (outcome, change) = try state.apply(Schemas.register("orders-value", Schemas.v1))
        #expect(outcome == .registered(id: 1, version: 1, isNew: false))
        #expect(change == nil)
        // The same schema under another subject keeps its ID.
        #expect(try state.registered("audit-value", Schemas.v1) == (1, 1))
        #expect(state.subjectNames() == ["audit-value", "orders-value"])
        #expect(try state.usages(ofSchema: 1).map(\.subject) == ["audit-value", "orders-value"])
    }

    @Test func whitespaceAndDocDifferencesAreTheSameSchema() throws {
        var state = RegistryState()
        _ = try state.registered("orders-value", Schemas.v1)
        let spaced = #"{ "type" : "record", "name" : "Order", "namespace" : "com.example", "doc" : "An order.", "fields" : [ { "name" : "id", "type" : "string" } ] }"#
        #expect(try state.registered("orders-value", spaced) == (1, 1))
    }

    @Test func incompatibleVersionIsRefusedWithTheCheckersMessages() throws {
        var state = RegistryState()
        _ = try state.registered("orders-value", Schemas.v1)
        do {
            _ = try state.apply(Schemas.register("orders-value", Schemas.breaking))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == 409)
            #expect(error.httpStatus == 409)
            #expect(error.message.hasPrefix("Schema being registered is incompatible with an earlier schema for subject \"orders-value\", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'amount' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'amount'}, {oldSchemaVersion: 1}, {oldSchema: '"))
            #expect(error.message.hasSuffix("{validateFields: 'false', compatibility: 'BACKWARD'}]"))
        }
        #expect(try state.versions(of: "orders-value") == [1])
        // NONE at the subject level lets it in.
        _ = try state.apply(.setCompatibility(subject: "orders-value", mode: .none))
        #expect(try state.registered("orders-value", Schemas.breaking) == (2, 2))
    }

    @Test func transitiveLevelsCheckEveryEarlierVersion() throws {
        var state = RegistryState(defaultCompatibility: .forwardTransitive)
        let a = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#
        let b = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":0},{"name":"b","type":"int","default":0}]}"#
        let c = #"{"type":"record","name":"R","fields":[{"name":"b","type":"int","default":0}]}"#
        _ = try state.registered("r", a)
        _ = try state.registered("r", b)
        // c drops `a`, which v1 readers need (no default there): FORWARD against v2 passes, against v1 it fails.
        #expect(try state.compatibilityMessages(subject: "r", version: .latest, submission: SchemaSubmission(schema: c)).isEmpty)
        #expect(errorCode { _ = try state.apply(Schemas.register("r", c)) } == 409)
    }

    @Test func invalidSchemasAndTypesAre42201() {
        var state = RegistryState()
        #expect(errorCode { _ = try state.apply(Schemas.register("s", #"{"type":"record","name":"X"}"#)) } == 42201)
        #expect(errorCode { _ = try state.apply(Schemas.register("s", "{not json")) } == 42201)
        #expect(errorCode { _ = try state.apply(Schemas.register("s", "  ")) } == 42201)
        let json = SchemaSubmission(schema: #"{"type":"object"}"#, schemaType: "JSON")
        #expect(errorCode { _ = try state.apply(.register(subject: "s", submission: json, normalize: false)) } == 42201)
        #expect(state.subjects.isEmpty)
    }

    @Test func normalizeStoresTheCanonicalForm() throws {
        var state = RegistryState()
        let spaced = #"{ "type": "record", "name": "Order", "namespace": "com.example", "fields": [ {"name": "id", "type": "string", "doc": "x"} ] }"#
        guard case .registered(let id, _, _) = try state.apply(Schemas.register("o", spaced, normalize: true)).outcome else { return }
        #expect(try state.schema(id: id).text == #"{"name":"com.example.Order","type":"record","fields":[{"name":"id","type":"string"}]}"#)
    }

    @Test func anExplicitVersionOutsideImportMustBeTheNextOne() throws {
        var state = RegistryState()
        _ = try state.registered("o", Schemas.v1)
        let skipping = SchemaSubmission(schema: Schemas.v2, version: 3)
        #expect(errorCode { _ = try state.apply(.register(subject: "o", submission: skipping, normalize: false)) } == 42201)
        let next = SchemaSubmission(schema: Schemas.v2, version: 2)
        #expect(try state.apply(.register(subject: "o", submission: next, normalize: false)).outcome == .registered(id: 2, version: 2, isNew: true))
    }

    @Test func versionSelectorsParseAsConfluentDoes() throws {
        #expect(try VersionSelector.parse("latest") == .latest)
        #expect(try VersionSelector.parse("-1") == .latest)
        #expect(try VersionSelector.parse("7") == .number(7))
        for bad in ["0", "x", "2147483648", "-2"] {
            #expect(errorCode { _ = try VersionSelector.parse(bad) } == 42202)
        }
    }

    @Test func lookupFindsTheVersionHoldingTheSchema() throws {
        var state = RegistryState()
        _ = try state.registered("orders-value", Schemas.v1)
        _ = try state.registered("orders-value", Schemas.v2)
        let found = try state.lookup(subject: "orders-value", submission: SchemaSubmission(schema: Schemas.v2))
        #expect((found.version.version, found.schema.id) == (2, 2))
        #expect(errorCode { _ = try state.lookup(subject: "nope", submission: SchemaSubmission(schema: Schemas.v1)) } == 40401)
        #expect(errorCode { _ = try state.lookup(subject: "orders-value", submission: SchemaSubmission(schema: Schemas.money)) } == 40403)
    }
}
