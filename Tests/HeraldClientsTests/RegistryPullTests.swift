import Foundation
import HeraldCatalog
import HeraldDiagnostics
import Testing
@testable import HeraldClients

@Suite struct RegistryPullTests {
    static let url = "http://registry.example:8081"

    static func pulled() throws -> PulledCatalog {
        let plan = try Fixtures.plan()
        var snapshot = Fixtures.registered(plan, globalMode: "BACKWARD")
        // A subject the catalog would not make, one of another schema type, and a key whose value subject is gone.
        var subjects = snapshot.subjects
        subjects.append(SubjectSnapshot(name: "com.example.Orphan", mode: nil, versions: [
            RegisteredSchema(subject: "com.example.Orphan", version: 1, id: 70, schema: #"{"type":"fixed","name":"Orphan","size":4}"#)]))
        subjects.append(SubjectSnapshot(name: "Payments_Settled-value", mode: "NONE", versions: [
            RegisteredSchema(subject: "Payments_Settled-value", version: 1, id: 71, schema: #"{"type":"record","name":"Settled","fields":[{"name":"eventId","type":"string"}]}"#)]))
        subjects.append(SubjectSnapshot(name: "shipments-key", mode: nil, versions: [
            RegisteredSchema(subject: "shipments-key", version: 1, id: 72, schema: #""string""#)]))
        subjects.append(SubjectSnapshot(name: "metrics-value", mode: nil, versions: [
            RegisteredSchema(subject: "metrics-value", version: 1, id: 73, schema: "syntax = \"proto3\"; message M {}", schemaType: "PROTOBUF")]))
        snapshot = RegistrySnapshot(globalMode: snapshot.globalMode, subjects: subjects)
        return RegistryPull(registryURL: url).pull(snapshot)
    }

    /// All files of the pull, one after the other, with the notes: the golden file.
    static func render(_ pulled: PulledCatalog) -> String {
        var text = ""
        for file in pulled.files { text += "=== \(file.path)\n" + String(decoding: file.bytes, as: UTF8.self) }
        for note in pulled.skipped { text += "skipped: \(note)\n" }
        return text
    }

    @Test func pullOfARegistry() throws {
        try Fixtures.compare(Self.render(try Self.pulled()), golden: "pull.txt")
    }

    static func check(_ pulled: PulledCatalog) -> CheckResult {
        var files: [String: Data] = [:]
        for file in pulled.files { files[file.path] = file.bytes }
        return CatalogChecker(keepsCatalog: true).check(CatalogFiles(displayRoot: "pulled", files: files))
    }

    @Test func checkOnThePullSaysWhatAPersonMustFillIn() throws {
        let result = Self.check(try Self.pulled())
        let rules = Set(result.diagnostics.filter { $0.severity == .error }.map(\.rule))
        #expect(rules.contains("EVENT_OWNER_MISSING"))
        #expect(rules.contains("EVENT_PRODUCER_MISSING"))
        // Nothing about the schemas themselves: they came from the registry and resolve.
        #expect(result.diagnostics.allSatisfy { $0.category != .schema && $0.category != .syntax }, "\(result.diagnostics.map(\.message))")
        #expect(result.events == 3)
    }

    @Test func aPulledCatalogHasTheRegistrysSchemas() throws {
        // Pull, then diff the pulled catalog against the same registry: its schemas and modes are the registry's.
        let plan = try Fixtures.plan()
        let snapshot = Fixtures.registered(plan)
        let pulled = RegistryPull(registryURL: Self.url).pull(snapshot)
        let catalog = try #require(Self.check(pulled).catalog)
        #expect(RegistryDrift().diff(PushPlanner().plan(catalog), against: snapshot).isEmpty)
    }

    @Test func eventNamesFromTopics() {
        #expect(RegistryPull.eventName(topic: "Payments_Settled") == "payments_settled")
        #expect(RegistryPull.eventName(topic: "orders placed/v2") == "orders-placed-v2")
        #expect(RegistryPull.folder(for: "orders.placed") == "orders/orders.placed")
        #expect(RegistryPull.folder(for: "types.x") == "types.x")
        #expect(RegistryPull.folder(for: "..") == "_..")
    }
}
