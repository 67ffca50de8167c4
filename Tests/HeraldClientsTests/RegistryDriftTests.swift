import Foundation
import HeraldCatalog
import HeraldDiagnostics
import Testing
@testable import HeraldClients

@Suite struct RegistryDriftTests {
    @Test func aRegistryHoldingThePlanHasNoDrift() throws {
        let plan = try Fixtures.plan()
        #expect(RegistryDrift().diff(plan, against: Fixtures.registered(plan)).isEmpty)
    }

    @Test func anEmptyRegistryMissesEverySubject() throws {
        let plan = try Fixtures.plan()
        let diagnostics = RegistryDrift().diff(plan, against: RegistrySnapshot(globalMode: "BACKWARD", subjects: []))
        #expect(diagnostics.map(\.rule) == Array(repeating: "REGISTRY_SUBJECT_MISSING", count: plan.subjects.count))
    }

    /// One drift of each kind, rendered in every format.
    static func drifted() throws -> (PushPlan, RegistrySnapshot) {
        let plan = try Fixtures.plan()
        var snapshot = Fixtures.registered(plan)
        // v1 of orders.placed registered with amountMinor as int: a different canonical form; v2 never registered.
        snapshot = Fixtures.changing(snapshot, "orders.placed-value") { subject in
            subject.versions.removeLast()
            subject.versions[0].schema = subject.versions[0].schema.replacingOccurrences(of: #""long""#, with: #""int""#)
            subject.versions[0].references = []
            subject.versions[0].schema = subject.versions[0].schema.replacingOccurrences(
                of: #""com.example.common.Money""#,
                with: #"{"type": "record", "name": "Money", "namespace": "com.example.common", "fields": [{"name": "amountMinor", "type": "int"}, {"name": "currency", "type": "string"}]}"#)
            subject.mode = "BACKWARD"
        }
        // customer.consent.changed: a version the catalog lacks, and the mode left to the registry's default.
        snapshot = Fixtures.changing(snapshot, "customer.consent.changed-value") { subject in
            var extra = subject.versions[0]
            extra.version = 3
            extra.id = 99
            subject.versions.append(extra)
            subject.mode = nil
        }
        // The key subject is gone, a subject nobody declared is there, and one is not Avro.
        var subjects = snapshot.subjects.filter { $0.name != "customer.consent.changed-key" }
        subjects.append(SubjectSnapshot(name: "legacy.audit-value", mode: nil, versions: [
            RegisteredSchema(subject: "legacy.audit-value", version: 1, id: 50, schema: #""string""#)]))
        subjects = subjects.map { subject in
            guard subject.name == "com.example.common.Money" else { return subject }
            var changed = subject
            changed.versions[0].schemaType = "PROTOBUF"
            return changed
        }
        return (plan, RegistrySnapshot(globalMode: snapshot.globalMode, subjects: subjects))
    }

    @Test(arguments: [("text", "drift.txt"), ("json", "drift.json"), ("github", "drift.github"), ("junit", "drift.junit.xml")])
    func driftOfEachKind(format: String, golden: String) throws {
        let (plan, snapshot) = try Self.drifted()
        let diagnostics = RegistryDrift().diff(plan, against: snapshot)
        let report = DiagnosticReport(diagnostics: diagnostics, events: 2, versions: 3)
        try Fixtures.compare(try #require(ReportFormat(rawValue: format)).render(report), golden: golden)
    }

    @Test func everyDriftRuleIsExercised() throws {
        let (plan, snapshot) = try Self.drifted()
        let fired = Set(RegistryDrift().diff(plan, against: snapshot).map(\.rule))
        #expect(fired == Set(RegistryDriftRules.all.map(\.id)))
    }

    @Test func versionsAreComparedByPlaceNotNumber() throws {
        let plan = try Fixtures.plan()
        // Version 1 was deleted and re-registered: the registry numbers 2 and 3 hold the catalog's v1 and v2.
        let snapshot = Fixtures.changing(Fixtures.registered(plan), "orders.placed-value") { subject in
            subject.versions[0].version = 2
            subject.versions[1].version = 3
        }
        #expect(RegistryDrift().diff(plan, against: snapshot).isEmpty)
    }

    @Test func aChangeAfterADeletedVersionNamesBothNumbers() throws {
        let plan = try Fixtures.plan()
        let snapshot = Fixtures.changing(Fixtures.registered(plan), "orders.placed-value") { subject in
            subject.versions[0].version = 2
            subject.versions[1].version = 3
            subject.versions[1].schema = subject.versions[1].schema.replacingOccurrences(of: #""orderId", "type": "string""#, with: #""orderId", "type": "bytes""#)
        }
        let diagnostics = RegistryDrift().diff(plan, against: snapshot)
        #expect(diagnostics.map(\.rule) == ["REGISTRY_VERSION_CHANGED"])
        #expect(diagnostics.first?.message.hasPrefix("v2 of event order.placed differs from version 3 (its 2nd live version) of orders.placed-value (ID 7)") == true)
        #expect(RegistryDrift.ordinal(11) == "11th" && RegistryDrift.ordinal(22) == "22nd" && RegistryDrift.ordinal(103) == "103rd")
    }

    @Test func firstDifferenceShowsBothSides() {
        let text = RegistryDrift.firstDifference(#"{"type":"long"}"#, #"{"type":"int"}"#)
        #expect(text == #"canonical forms differ at character 10: catalog {"type":"long"}, registry {"type":"int"}"#)
    }
}

@Suite struct RegisteredSchemaResolverTests {
    @Test func referenceCyclesAndDanglingReferencesAreReportedNotFollowed() {
        let a = RegisteredSchema(subject: "a", version: 1, id: 1, schema: #"{"type":"record","name":"A","fields":[{"name":"b","type":"B"}]}"#,
                                 references: [SchemaReference(name: "B", subject: "b", version: 1)])
        let b = RegisteredSchema(subject: "b", version: 1, id: 2, schema: #"{"type":"record","name":"B","fields":[{"name":"a","type":"A"}]}"#,
                                 references: [SchemaReference(name: "A", subject: "a", version: 1)])
        let c = RegisteredSchema(subject: "c", version: 1, id: 3, schema: #""string""#,
                                 references: [SchemaReference(name: "X", subject: "x", version: 4)])
        let d = RegisteredSchema(subject: "d", version: 1, id: 4, schema: #"{"type":"record","name":"D","fields":[{"name":"f","type":"nope"}]}"#)
        var resolver = RegisteredSchemaResolver(snapshot: RegistrySnapshot(globalMode: nil, subjects: [
            SubjectSnapshot(name: "a", mode: nil, versions: [a]), SubjectSnapshot(name: "b", mode: nil, versions: [b]),
            SubjectSnapshot(name: "c", mode: nil, versions: [c]), SubjectSnapshot(name: "d", mode: nil, versions: [d]),
        ]))
        guard case .failure(let cycle) = resolver.canonicalForm(a) else { Issue.record("a cycle resolved"); return }
        #expect(cycle.message.contains("references itself"))
        guard case .failure(let dangling) = resolver.canonicalForm(c) else { Issue.record("a dangling reference resolved"); return }
        #expect(dangling.message.contains("x has no version 4"))
        guard case .failure(let invalid) = resolver.canonicalForm(d) else { Issue.record("an unknown type resolved"); return }
        #expect(invalid.message.contains("not a valid Avro schema"))
    }
}
