import Foundation
import HeraldAvro
import Testing
@testable import HeraldRegistry

@Suite struct StoreTests {
    static let changes: [RegistryChange] = [
        .registered(subject: "o", schema: Schemas.v1, references: [], id: 1, version: 1),
        .registered(subject: "p", schema: Schemas.priced, references: [SchemaReference(name: "com.example.common.Money", subject: "m", version: 1)], id: 3, version: 1),
        .versionDeleted(subject: "o", version: 1, permanent: false),
        .subjectDeleted(subject: "o", permanent: true),
        .compatibilitySet(subject: "o", mode: .fullTransitive),
        .compatibilitySet(subject: nil, mode: nil),
        .modeSet(subject: nil, mode: .readOnly),
        .modeSet(subject: "o", mode: nil),
    ]

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func recordsRoundTrip() throws {
        let bytes = Self.changes.flatMap(RegistryLog.record)
        let (decoded, length) = try RegistryLog.decode(bytes)
        #expect(decoded == Self.changes)
        #expect(length == bytes.count)
    }

    @Test func aTornOrDamagedTailIsCutOff() throws {
        let whole = Self.changes.prefix(3).flatMap(RegistryLog.record)
        let last = RegistryLog.record(Self.changes[3])
        for cut in [1, 11, 12, last.count - 1] {
            let (decoded, length) = try RegistryLog.decode(whole + last.prefix(cut))
            #expect(decoded == Array(Self.changes.prefix(3)))
            #expect(length == whole.count)
        }
        var damaged = last
        damaged[damaged.count - 2] ^= 0x20
        #expect(try RegistryLog.decode(whole + damaged).changes.count == 3)
    }

    @Test func theFileKeepsChangesAcrossOpensAndTruncatesATornWrite() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let (log, changes, truncated) = try RegistryLog.open(directory: directory)
            #expect(changes.isEmpty && truncated == 0)
            for change in Self.changes.prefix(2) { try log.append(change) }
        }
        // A crash in the middle of the third write.
        let url = directory.appendingPathComponent("changes.log")
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(RegistryLog.record(Self.changes[2]).prefix(7)))
        try handle.close()
        let (log, changes, truncated) = try RegistryLog.open(directory: directory)
        #expect(changes == Array(Self.changes.prefix(2)))
        #expect(truncated == 7)
        try log.append(Self.changes[2])
        #expect(try RegistryLog.open(directory: directory).changes == Array(Self.changes.prefix(3)))
    }

    @Test func replayRebuildsTheSameRegistry() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (log, _, _) = try RegistryLog.open(directory: directory)
        let live = LiveRegistry(state: RegistryState(), log: log)
        try live.perform(Schemas.register("m", Schemas.money))
        try live.perform(Schemas.register("o", Schemas.v1))
        try live.perform(Schemas.register("o", Schemas.v2))
        try live.perform(.register(subject: "p", submission: SchemaSubmission(schema: Schemas.priced, references: [
            SchemaReference(name: "com.example.common.Money", subject: "m", version: 1)]), normalize: false))
        try live.perform(.deleteVersion(subject: "o", version: .number(2), permanent: false))
        try live.perform(.setCompatibility(subject: "o", mode: .none))
        try live.perform(.setMode(subject: "m", mode: .readOnly, force: false))

        var replayed = RegistryState()
        for change in try RegistryLog.open(directory: directory).changes { #expect(replayed.replay(change) == nil) }
        let before = live.snapshot
        #expect(replayed.subjects == before.subjects)
        #expect(replayed.schemas.mapValues(\.text) == before.schemas.mapValues(\.text))
        #expect(replayed.subjectCompatibility == before.subjectCompatibility)
        #expect(replayed.subjectModes == before.subjectModes)
        #expect(replayed.nextID == before.nextID)
    }

    @Test func openingReplaysTheStoreOverTheStartingState() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        var preload = RegistryState()
        _ = try preload.registered("catalog-value", Schemas.v1)
        let first = try LiveRegistry.open(state: preload, storeDirectory: directory)
        #expect(first.replayedChanges == 0 && first.warnings.isEmpty)
        try first.registry.perform(Schemas.register("runtime-value", Schemas.money))
        let second = try LiveRegistry.open(state: preload, storeDirectory: directory)
        #expect(second.replayedChanges == 1)
        #expect(second.registry.snapshot.subjectNames() == ["catalog-value", "runtime-value"])
        #expect(try second.registry.snapshot.schema(subject: "runtime-value", version: .latest).schema.id == 2)
        // In memory: nothing stored.
        let memory = try LiveRegistry.open(state: preload, storeDirectory: nil)
        try memory.registry.perform(Schemas.register("x-value", Schemas.v2))
        #expect(try LiveRegistry.open(state: preload, storeDirectory: directory).replayedChanges == 1)
    }

    @Test func replayOverAChangedPreloadKeepsIDsItCanAndSaysWhatMoved() throws {
        var original = RegistryState()
        _ = try original.registered("a", Schemas.v1)
        guard case .registered(let id, let version, _)? = try? original.apply(Schemas.register("b", Schemas.money)).outcome else { return }
        // The preload now has another schema where ID 2 was.
        var changed = RegistryState()
        _ = try changed.registered("a", Schemas.v1)
        _ = try changed.registered("c", Schemas.priced.replacingOccurrences(of: "com.example.common.Money", with: "long"))
        let warning = changed.replay(.registered(subject: "b", schema: Schemas.money, references: [], id: id, version: version))
        #expect(warning?.contains("id 2 now belongs to another schema") == true)
        #expect(try changed.schema(subject: "b", version: .number(1)).schema.id == 3)
    }
}
