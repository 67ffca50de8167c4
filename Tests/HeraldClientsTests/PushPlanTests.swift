import Foundation
import HeraldCatalog
import Testing
@testable import HeraldClients

@Suite struct PushPlanTests {
    /// The plan as text: subjects in order, each version's file, references and canonical form.
    static func render(_ plan: PushPlan) -> String {
        var text = ""
        for subject in plan.subjects {
            text += "\(subject.subject) [\(subject.kind)] mode \(subject.mode ?? "-")\n"
            for schema in subject.versions {
                text += "  v\(schema.number) \(schema.file)"
                if !schema.references.isEmpty {
                    text += " references " + schema.references.map { "\($0.name)@\($0.subject)" }.joined(separator: ", ")
                }
                text += "\n    \(schema.canonicalForm)\n"
            }
        }
        for note in plan.skipped { text += "skipped: \(note)\n" }
        return text
    }

    @Test func planOfTheFixtureCatalog() throws {
        try Fixtures.compare(Self.render(try Fixtures.plan()), golden: "push-plan.txt")
    }

    @Test func sharedTypesComeFirstAndBeforeTheirUsers() throws {
        let plan = try Fixtures.plan()
        let names = plan.subjects.map(\.subject)
        let address = try #require(names.firstIndex(of: "com.example.common.Address"))
        let dealer = try #require(names.firstIndex(of: "com.example.common.Dealer"))
        #expect(address < dealer)
        let firstEvent = try #require(plan.subjects.firstIndex { if case .sharedType = $0.kind { false } else { true } })
        #expect(plan.subjects[..<firstEvent].allSatisfy { $0.kind == .sharedType })
        // The key subject precedes its value subject; string keys get no subject.
        #expect(names.firstIndex(of: "customer.consent.changed-key")! < names.firstIndex(of: "customer.consent.changed-value")!)
        #expect(!names.contains("orders.placed-key"))
    }

    @Test func referencesAreDirectOnly() throws {
        let plan = try Fixtures.plan()
        let v2 = try #require(plan.subject(named: "orders.placed-value")?.versions.last)
        // Address (and its Country) come through Dealer, so only Dealer and Money are referenced.
        #expect(v2.references.map(\.subject) == ["com.example.common.Dealer", "com.example.common.Money"])
        let dealer = try #require(plan.subject(named: "com.example.common.Dealer")?.versions.first)
        #expect(dealer.references.map(\.subject) == ["com.example.common.Address"])
    }

    @Test func neededByOneEventKeepsItsSharedTypes() throws {
        let catalog = try Fixtures.catalog()
        let plan = PushPlanner().plan(catalog).needed(by: [try #require(catalog.event(named: "customer.consent.changed"))])
        #expect(plan.subjects.map(\.subject) == ["com.example.common.Address", "customer.consent.changed-key", "customer.consent.changed-value"])
    }
}

@Suite struct PushReconciliationTests {
    static func render(_ steps: [PushStep]) -> String {
        steps.map { step in
            switch step {
            case .register(let subject, let schema): "register \(subject) v\(schema.number) \(schema.file)"
            case .setMode(let subject, let current, let mode): "mode \(subject) \(current ?? "unset") -> \(mode)"
            }
        }.joined(separator: "\n") + "\n"
    }

    @Test func anEmptyRegistryGetsEverythingInOrder() throws {
        let reconciliation = PushReconciliation(plan: try Fixtures.plan(), snapshot: RegistrySnapshot(globalMode: "BACKWARD", subjects: []))
        try Fixtures.compare(Self.render(reconciliation.steps), golden: "push-steps-empty-registry.txt")
        #expect(reconciliation.alreadyRegistered == 0)
    }

    @Test func aSecondPushChangesNothing() throws {
        let plan = try Fixtures.plan()
        let reconciliation = PushReconciliation(plan: plan, snapshot: Fixtures.registered(plan))
        #expect(reconciliation.steps.isEmpty)
        #expect(reconciliation.alreadyRegistered == plan.subjects.reduce(0) { $0 + $1.versions.count })
        #expect(reconciliation.referenceVersions["com.example.common.Money"] == 1)
    }

    @Test func onlyTheMissingVersionAndTheModeArePushed() throws {
        let plan = try Fixtures.plan()
        var snapshot = Fixtures.changing(Fixtures.registered(plan), "orders.placed-value") { subject in
            subject.versions.removeLast()
            subject.mode = nil
        }
        snapshot = Fixtures.changing(snapshot, "customer.consent.changed-value") { $0.mode = "full" }
        let steps = PushReconciliation(plan: plan, snapshot: snapshot).steps
        #expect(Self.render(steps) == """
            mode orders.placed-value unset -> BACKWARD_TRANSITIVE
            register orders.placed-value v2 catalog/orders/order.placed/v2.avsc

            """)
    }

    @Test func aSchemaRegisteredInAnotherFormattingCountsAsRegistered() throws {
        let plan = try Fixtures.plan()
        // Registries keep the text they were given; whitespace and docs do not change the canonical form.
        let snapshot = Fixtures.changing(Fixtures.registered(plan), "com.example.common.Money") { subject in
            subject.versions[0].schema = #"{"type":"record","name":"Money","namespace":"com.example.common","fields":[{"name":"amountMinor","type":"long"},{"name":"currency","type":"string"}]}"#
        }
        #expect(PushReconciliation(plan: plan, snapshot: snapshot).steps.isEmpty)
    }
}
