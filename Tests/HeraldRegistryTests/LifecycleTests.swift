import HeraldAvro
import Testing
@testable import HeraldRegistry

@Suite struct LifecycleTests {
    @Test func softThenPermanentDeleteOfAVersion() throws {
        var state = RegistryState()
        _ = try state.registered("o", Schemas.v1)
        _ = try state.registered("o", Schemas.v2)
        #expect(errorCode { _ = try state.apply(.deleteVersion(subject: "o", version: .number(2), permanent: true)) } == 40407)
        #expect(try state.apply(.deleteVersion(subject: "o", version: .number(2), permanent: false)).outcome == .deletedVersion(2))
        #expect(try state.versions(of: "o") == [1])
        #expect(try state.versions(of: "o", includeDeleted: true) == [1, 2])
        #expect(errorCode { _ = try state.schema(subject: "o", version: .number(2)) } == 40402)
        // Still readable by ID, and with deleted=true.
        #expect(try state.schema(id: 2).id == 2)
        #expect(try state.schema(subject: "o", version: .number(2), includeDeleted: true).schema.id == 2)
        #expect(errorCode { _ = try state.apply(.deleteVersion(subject: "o", version: .number(2), permanent: false)) } == 40406)
        #expect(try state.apply(.deleteVersion(subject: "o", version: .number(2), permanent: true)).outcome == .deletedVersion(2))
        #expect(errorCode { _ = try state.schema(id: 2) } == 40403)
        // IDs are never reused; version numbers continue.
        let third = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"x","type":"int","default":1}]}"#
        #expect(try state.registered("o", third) == (3, 2))
    }

    @Test func softThenPermanentDeleteOfASubject() throws {
        var state = RegistryState()
        _ = try state.registered("o", Schemas.v1)
        _ = try state.apply(.setCompatibility(subject: "o", mode: .full))
        #expect(errorCode { _ = try state.apply(.deleteSubject(subject: "o", permanent: true)) } == 40405)
        #expect(try state.apply(.deleteSubject(subject: "o", permanent: false)).outcome == .deletedSubject([1]))
        #expect(state.subjectNames() == [])
        #expect(state.subjectNames(includeDeleted: true) == ["o"])
        #expect(errorCode { _ = try state.apply(.deleteSubject(subject: "o", permanent: false)) } == 40404)
        #expect(errorCode { _ = try state.versions(of: "o") } == 40401)
        #expect(try state.apply(.deleteSubject(subject: "o", permanent: true)).outcome == .deletedSubject([1]))
        #expect(state.subjectNames(includeDeleted: true) == [])
        #expect(state.subjectCompatibility["o"] == nil)
        #expect(errorCode { _ = try state.apply(.deleteSubject(subject: "o", permanent: false)) } == 40401)
    }

    @Test func referencesResolveAndProtectWhatTheyReference() throws {
        var state = RegistryState()
        _ = try state.registered("com.example.common.Money", Schemas.money)
        let reference = SchemaReference(name: "com.example.common.Money", subject: "com.example.common.Money", version: 1)
        // Without the reference the type is unknown.
        #expect(errorCode { _ = try state.apply(Schemas.register("p", Schemas.priced)) } == 42201)
        let missing = SchemaReference(name: "com.example.common.Money", subject: "nope", version: 1)
        #expect(errorCode { _ = try state.apply(Schemas.register("p", Schemas.priced, references: [missing])) } == 42201)
        let (id, _) = try state.registered("p", Schemas.priced, references: [reference])
        let stored = try state.schema(id: id)
        #expect(stored.references == [reference])
        #expect(stored.parsed.namedTypes["com.example.common.Money"] != nil)
        #expect(errorCode { _ = try state.apply(.deleteSubject(subject: "com.example.common.Money", permanent: false)) } == 42206)
        #expect(errorCode { _ = try state.apply(.deleteVersion(subject: "com.example.common.Money", version: .latest, permanent: false)) } == 42206)
        // Once the referencing subject is gone for good, the referenced one can go.
        _ = try state.apply(.deleteSubject(subject: "p", permanent: false))
        _ = try state.apply(.deleteSubject(subject: "p", permanent: true))
        #expect(try state.apply(.deleteSubject(subject: "com.example.common.Money", permanent: false)).outcome == .deletedSubject([1]))
    }

    @Test func compatibilityLevels() throws {
        var state = RegistryState(defaultCompatibility: .full)
        #expect(try state.compatibility(subject: nil, defaultToGlobal: false) == .full)
        #expect(errorCode { _ = try state.compatibility(subject: "o", defaultToGlobal: false) } == 40408)
        #expect(try state.compatibility(subject: "o", defaultToGlobal: true) == .full)
        _ = try state.apply(.setCompatibility(subject: nil, mode: .none))
        _ = try state.apply(.setCompatibility(subject: "o", mode: .backward))
        #expect(try state.compatibility(subject: "o", defaultToGlobal: false) == .backward)
        // DELETE /config/{s} needs the subject; DELETE /config restores the default.
        #expect(errorCode { _ = try state.apply(.deleteCompatibility(subject: "o")) } == 40401)
        _ = try state.registered("o", Schemas.v1)
        #expect(try state.apply(.deleteCompatibility(subject: "o")).outcome == .compatibility(.backward))
        #expect(errorCode { _ = try state.apply(.deleteCompatibility(subject: "o")) } == 40408)
        #expect(try state.apply(.deleteCompatibility(subject: nil)).outcome == .compatibility(.none))
        #expect(state.globalCompatibility == .full)
    }

    @Test func modesGateWrites() throws {
        var state = RegistryState()
        _ = try state.registered("o", Schemas.v1)
        _ = try state.apply(.setMode(subject: nil, mode: .readOnly, force: false))
        #expect(errorCode { _ = try state.apply(Schemas.register("o", Schemas.v2)) } == 42205)
        #expect(errorCode { _ = try state.apply(.deleteSubject(subject: "o", permanent: false)) } == 42205)
        // A subject-level mode wins over the global one.
        _ = try state.apply(.setMode(subject: "o", mode: .readWrite, force: false))
        #expect(try state.registered("o", Schemas.v2) == (2, 2))
        #expect(try state.apply(.deleteMode(subject: "o")).outcome == .mode(.readWrite))
        #expect(errorCode { _ = try state.mode(subject: "o", defaultToGlobal: false) } == 40409)
        #expect(try state.mode(subject: "o", defaultToGlobal: true) == .readOnly)

        // IMPORT over existing subjects needs force, and then takes explicit IDs and versions, unchecked.
        _ = try state.apply(.setMode(subject: nil, mode: .readWrite, force: false))
        #expect(errorCode { _ = try state.apply(.setMode(subject: nil, mode: .import, force: false)) } == 42205)
        _ = try state.apply(.setMode(subject: nil, mode: .import, force: true))
        #expect(errorCode { _ = try state.apply(Schemas.register("i", Schemas.v1)) } == 42205)
        let imported = SchemaSubmission(schema: Schemas.breaking, id: 100, version: 5)
        #expect(try state.apply(.register(subject: "o", submission: imported, normalize: false)).outcome == .registered(id: 100, version: 5, isNew: true))
        // An ID that holds another schema cannot be overwritten.
        let clash = SchemaSubmission(schema: Schemas.money, id: 100, version: 1)
        #expect(errorCode { _ = try state.apply(.register(subject: "m", submission: clash, normalize: false)) } == 42205)
        _ = try state.apply(.setMode(subject: nil, mode: .readWrite, force: false))
        #expect(errorCode { _ = try state.apply(.register(subject: "o", submission: SchemaSubmission(schema: Schemas.v1, id: 7), normalize: false)) } == 42205)
        // Fresh IDs continue after imported ones.
        #expect(try state.registered("m", Schemas.money).id == 101)
    }

    @Test func liveRegistryMovesItsGenerationOnChangesOnly() throws {
        let live = LiveRegistry(state: RegistryState())
        #expect(live.generation == 0)
        try live.perform(Schemas.register("o-value", Schemas.v1))
        #expect(live.generation == 1)
        try live.perform(Schemas.register("o-value", Schemas.v1))
        #expect(live.generation == 1)
        #expect(errorCode { try live.perform(Schemas.register("o-value", Schemas.breaking)) } == 409)
        #expect(live.generation == 1)
        #expect(live.liveSchemaIDs(subject: "o-value") == [1])
        #expect(live.liveSchemaIDs(subject: "nope") == nil)
        #expect(live.parsedSchema(id: 1)?.canonicalForm == #"{"name":"com.example.Order","type":"record","fields":[{"name":"id","type":"string"}]}"#)
        try live.perform(.setCompatibility(subject: "o-value", mode: .full))
        #expect(live.generation == 2)
        // The same level again changes nothing.
        try live.perform(.setCompatibility(subject: "o-value", mode: .full))
        #expect(live.generation == 2)
        try live.perform(.deleteSubject(subject: "o-value", permanent: false))
        #expect(live.generation == 3)
        #expect(live.liveSchemaIDs(subject: "o-value") == nil)
        #expect(live.parsedSchema(id: 1) != nil)
    }
}
