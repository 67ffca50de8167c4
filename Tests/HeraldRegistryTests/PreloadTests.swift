import Foundation
import HeraldAvro
import HeraldCatalog
import Testing
@testable import HeraldRegistry

@Suite struct PreloadTests {
    /// A small catalog: a shared Money referencing a shared Currency, one event with two versions and a key schema,
    /// one event without shared types on a topic of its own.
    static func catalog() -> (ParsedCatalog, ResolvedCatalog) {
        let files: [String: String] = [
            "catalog.yaml": "title: T\ndefaults:\n  compatibility: FORWARD\nteams:\n  t: { name: T }\nservices:\n  s: { name: S, owner: t }\n",
            "types/Currency.avsc": #"{"type":"enum","name":"Currency","namespace":"com.example.common","symbols":["EUR","USD"]}"#,
            "types/Money.avsc": #"{"type":"record","name":"Money","namespace":"com.example.common","fields":[{"name":"amountMinor","type":"long"},{"name":"currency","type":"Currency"}]}"#,
            "orders/order.placed/event.yaml": "summary: s\nowner: t\nproducer: s\ntopic: orders\ncompatibility: FULL\nkey: { schema: key.avsc }\n",
            "orders/order.placed/v1.avsc": #"{"type":"record","name":"OrderPlaced","namespace":"com.example.orders","fields":[{"name":"eventId","type":"string"},{"name":"total","type":"com.example.common.Money"}]}"#,
            "orders/order.placed/v2.avsc": #"{"type":"record","name":"OrderPlaced","namespace":"com.example.orders","fields":[{"name":"eventId","type":"string"},{"name":"total","type":"com.example.common.Money"},{"name":"note","type":["null","string"],"default":null}]}"#,
            "orders/order.placed/key.avsc": #"{"type":"record","name":"OrderKey","namespace":"com.example.orders","fields":[{"name":"orderId","type":"string"}]}"#,
            "audit/audit.logged/event.yaml": "summary: s\nowner: t\nproducer: s\n",
            "audit/audit.logged/v1.avsc": #"{"type":"record","name":"AuditLogged","namespace":"com.example.audit","fields":[{"name":"eventId","type":"string"}]}"#,
        ]
        let catalogFiles = CatalogFiles(displayRoot: "schemas", files: files.mapValues { Data($0.utf8) })
        let parsed = CatalogParser().parse(catalogFiles)
        return (parsed, CatalogResolver().resolve(parsed))
    }

    @Test func subjectsVersionsReferencesAndLevels() throws {
        let (parsed, resolved) = Self.catalog()
        let preload = CatalogPreload(parsed: parsed, resolved: resolved)
        #expect(preload.warnings.isEmpty)
        let state = preload.state
        #expect(state.subjectNames() == [
            "audit.logged-value", "com.example.common.Currency", "com.example.common.Money", "orders-key", "orders-value",
        ])
        #expect(try state.versions(of: "orders-value") == [1, 2])
        #expect(state.globalCompatibility == .forward)
        #expect(state.subjectCompatibility["orders-value"] == .full)
        #expect(state.subjectCompatibility["orders-key"] == .full)
        #expect(state.subjectCompatibility["audit.logged-value"] == .forward)
        let money = try state.schema(subject: "com.example.common.Money", version: .latest).schema
        #expect(money.references == [SchemaReference(name: "com.example.common.Currency", subject: "com.example.common.Currency", version: 1)])
        let order = try state.schema(subject: "orders-value", version: .number(2)).schema
        // Direct references only: Currency comes through Money.
        #expect(order.references == [SchemaReference(name: "com.example.common.Money", subject: "com.example.common.Money", version: 1)])
        #expect(order.parsed.namedTypes["com.example.common.Currency"] != nil)
    }

    @Test func idsFollowTheDocumentedOrder() throws {
        let (parsed, resolved) = Self.catalog()
        let state = CatalogPreload(parsed: parsed, resolved: resolved).state
        func id(_ subject: String, _ version: Int = 1) throws -> Int { try state.schema(subject: subject, version: .number(version)).schema.id }
        // Shared types first, dependencies before dependants; then event subjects by name, versions ascending.
        #expect(try id("com.example.common.Currency") == 1)
        #expect(try id("com.example.common.Money") == 2)
        #expect(try id("audit.logged-value") == 3)
        #expect(try id("orders-key") == 4)
        #expect(try id("orders-value", 1) == 5)
        #expect(try id("orders-value", 2) == 6)
        #expect(state.nextID == 7)
    }

    @Test func theSameCatalogGivesTheSameIDs() throws {
        let (parsed, resolved) = Self.catalog()
        let first = CatalogPreload(parsed: parsed, resolved: resolved).state
        let second = CatalogPreload(parsed: Self.catalog().0, resolved: Self.catalog().1).state
        #expect(first.subjects == second.subjects)
        #expect(first.schemas.mapValues(\.canonicalForm) == second.schemas.mapValues(\.canonicalForm))
    }

    @Test func theBundledCatalogPreloadsWithoutWarnings() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try DirectoryCatalogSource(directory: root.appendingPathComponent("schemas"), displayRoot: "schemas").load()
        let parsed = CatalogParser().parse(files)
        let resolved = CatalogResolver().resolve(parsed)
        let preload = CatalogPreload(parsed: parsed, resolved: resolved)
        #expect(preload.warnings == [])
        let valueSubjects = Set(resolved.events.map { "\($0.topic)-value" })
        #expect(valueSubjects.isSubset(of: Set(preload.state.subjectNames())))
        for event in resolved.events {
            #expect(try preload.state.versions(of: "\(event.topic)-value") == event.versions.map(\.number))
        }
        // Every catalog version is compatible under its event's level, so registering it again changes nothing.
        var state = preload.state
        for event in resolved.events {
            guard let latest = event.versions.last else { continue }
            let references = try state.schema(subject: "\(event.topic)-value", version: .latest).schema.references
            let (outcome, change) = try state.apply(.register(
                subject: "\(event.topic)-value",
                submission: SchemaSubmission(schema: latest.source.text, references: references), normalize: false))
            guard case .registered(_, let version, let isNew) = outcome else { continue }
            #expect(version == latest.number && !isNew && change == nil)
        }
    }
}
