import Foundation
import HeraldAvro
import HeraldCatalog
import Testing
@testable import HeraldRegistry

/// What `herald serve` registers when the catalog changes: the subjects' new or changed versions, with the registry's
/// compatibility level deciding.
@Suite struct CatalogSubjectsTests {
    /// The preload fixture's catalog with `edit` applied to its files.
    static func catalog(_ edit: (inout [String: String]) -> Void = { _ in }) -> (ParsedCatalog, ResolvedCatalog) {
        let (parsed, _) = PreloadTests.catalog()
        var files: [String: String] = [:]
        for type in parsed.types { files[String(type.file.dropFirst("schemas/".count))] = type.text }
        files["catalog.yaml"] = "title: T\ndefaults:\n  compatibility: FORWARD\nteams:\n  t: { name: T }\nservices:\n  s: { name: S, owner: t }\n"
        for event in parsed.events {
            for version in event.versions { files[String(version.source.file.dropFirst("schemas/".count))] = version.source.text }
            if let key = event.keySchema { files[String(key.file.dropFirst("schemas/".count))] = key.text }
        }
        files["orders/order.placed/event.yaml"] = "summary: s\nowner: t\nproducer: s\ntopic: orders\ncompatibility: FULL\nkey: { schema: key.avsc }\n"
        files["audit/audit.logged/event.yaml"] = "summary: s\nowner: t\nproducer: s\n"
        edit(&files)
        let reparsed = CatalogParser().parse(CatalogFiles(displayRoot: "schemas", files: files.mapValues { Data($0.utf8) }))
        return (reparsed, CatalogResolver().resolve(reparsed))
    }

    static let auditV2 = #"{"type":"record","name":"AuditLogged","namespace":"com.example.audit","fields":[{"name":"eventId","type":"string"},{"name":"by","type":["null","string"],"default":null}]}"#
    /// Drops a field: not FORWARD compatible (old readers need `eventId`).
    static let auditBreaking = #"{"type":"record","name":"AuditLogged","namespace":"com.example.audit","fields":[{"name":"by","type":"string"}]}"#

    @Test func anUnchangedCatalogRegistersNothing() {
        let (_, resolved) = Self.catalog()
        #expect(CatalogSubjects(resolved).registrations(since: CatalogSubjects(resolved)).isEmpty)
    }

    @Test func onlyDifferingSubjectsAreListedInNameOrderWithVersionsAscending() {
        typealias Subject = CatalogSubjects.Subject
        func subject(_ versions: [Int: String]) -> Subject {
            Subject(versions: versions, files: versions.mapValues { "f\($0)" }, mode: .backward)
        }
        let earlier = CatalogSubjects(subjects: ["b-value": subject([1: "b1"]), "d-value": subject([1: "d1", 2: "d2"]),
                                                 "a-value": subject([1: "a1"]), "gone-value": subject([1: "g"])])
        let later = CatalogSubjects(subjects: ["d-value": subject([1: "d1", 2: "d2x", 3: "d3"]), "c-value": subject([2: "c2", 1: "c1"]),
                                               "b-value": subject([1: "b1"]), "a-value": subject([1: "a1"]), "e-value": subject([:])])
        let plan = later.registrations(since: earlier)
        #expect(plan.map { "\($0.subject) v\($0.catalogVersion)" } == ["c-value v1", "c-value v2", "d-value v2", "d-value v3"])
        #expect(plan.map(\.newSubjectMode) == [.backward, .backward, nil, nil])
        #expect(plan.map(\.schema) == ["c1", "c2", "d2x", "d3"])
        #expect(CatalogSubjects.register([], with: LiveRegistry(state: RegistryState())).registered.isEmpty)
    }

    @Test func aNewCompatibleVersionRegistersWithItsSubjectsLevel() throws {
        let (parsed, before) = Self.catalog()
        let registry = LiveRegistry(state: CatalogPreload(parsed: parsed, resolved: before).state)
        let (_, after) = Self.catalog { $0["audit/audit.logged/v2.avsc"] = Self.auditV2 }
        let plan = CatalogSubjects(after).registrations(since: CatalogSubjects(before))
        #expect(plan.map(\.subject) == ["audit.logged-value"] && plan.map(\.catalogVersion) == [2])
        #expect(plan.first?.file == "schemas/audit/audit.logged/v2.avsc")
        let outcome = CatalogSubjects.register(plan, with: registry)
        #expect(outcome.refused.isEmpty)
        #expect(outcome.registered.map(\.version) == [2] && outcome.registered.map(\.isNew) == [true])
        #expect(try registry.snapshot.versions(of: "audit.logged-value") == [1, 2])
    }

    @Test func aVersionTheLevelForbidsIsRefusedWithTheRegistrysReason() throws {
        let (parsed, before) = Self.catalog()
        let registry = LiveRegistry(state: CatalogPreload(parsed: parsed, resolved: before).state)
        let (_, after) = Self.catalog { $0["audit/audit.logged/v2.avsc"] = Self.auditBreaking }
        let outcome = CatalogSubjects.register(CatalogSubjects(after).registrations(since: CatalogSubjects(before)), with: registry)
        #expect(outcome.registered.isEmpty)
        #expect(outcome.refused.count == 1)
        #expect(outcome.refused.first?.message.contains("FORWARD") == true, "\(outcome.refused.first?.message ?? "")")
        #expect(try registry.snapshot.versions(of: "audit.logged-value") == [1])
    }

    @Test func aNewEventGetsItsSubjectItsLevelAndReferencesToSharedTypes() throws {
        let (parsed, before) = Self.catalog()
        let registry = LiveRegistry(state: CatalogPreload(parsed: parsed, resolved: before).state)
        let (_, after) = Self.catalog {
            $0["billing/billing.charged/event.yaml"] = "summary: s\nowner: t\nproducer: s\ncompatibility: FULL_TRANSITIVE\n"
            $0["billing/billing.charged/v1.avsc"] = #"{"type":"record","name":"Charged","namespace":"com.example.billing","fields":[{"name":"eventId","type":"string"},{"name":"amount","type":"com.example.common.Money"}]}"#
        }
        let outcome = CatalogSubjects.register(CatalogSubjects(after).registrations(since: CatalogSubjects(before)), with: registry)
        #expect(outcome.refused.isEmpty, "\(outcome.refused.map(\.message))")
        let state = registry.snapshot
        #expect(state.subjectCompatibility["billing.charged-value"] == .fullTransitive)
        let stored = try state.schema(subject: "billing.charged-value", version: .latest).schema
        #expect(stored.references.map(\.subject) == ["com.example.common.Money"])
    }
}
