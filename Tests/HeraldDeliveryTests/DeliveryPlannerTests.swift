import Foundation
import HeraldCatalog
@testable import HeraldDelivery
import Testing

@Suite struct DeliveryPlannerTests {
    static let schema = #"{"type": "record", "name": "E", "fields": [{"name": "eventId", "type": "string"}, {"name": "ref", "type": "string"}]}"#

    func catalog(deliveries: String = "", defaults: String = "defaults:\n  dlq: { retries: 2, backoff: { initial: 500ms, multiplier: 3, max: 10s }, alert: true }") -> ResolvedCatalog {
        let files: [String: String] = [
            "catalog.yaml": """
                teams:
                  t: { name: T, email: t@example.com }
                services:
                  shop: { owner: t }
                  pricing: { owner: t }
                  crm: { owner: t }
                \(defaults)
                \(deliveries)
                """,
            "order/order.placed/event.yaml": "summary: S\nowner: t\nproducer: shop\nconsumers: [pricing, crm]\nidField: ref\n",
            "order/order.placed/v1.avsc": Self.schema,
            "order/order.cancelled/event.yaml": "summary: S\nowner: t\nproducer: shop\nconsumers: [pricing]\ntopic: orders.cancelled\ndlq: { enabled: false }\n",
            "order/order.cancelled/v1.avsc": Self.schema,
            "order/order.shipped/event.yaml": "summary: S\nowner: t\nproducer: shop\nconsumers: [crm]\ndlq: { retries: 0, topic: shipping.dead, alert: false }\n",
            "order/order.shipped/v1.avsc": Self.schema,
        ]
        let parsed = CatalogParser().parse(CatalogFiles(displayRoot: "schemas", files: files.mapValues { Data($0.utf8) }))
        return CatalogResolver().resolve(parsed)
    }

    @Test func eachTargetGetsTheEventsItsServiceConsumesWithTheirPolicies() {
        var settings = DeliverySettings()
        settings.backoffScale = 0.1
        let (plans, warnings) = DeliveryPlanner.plan(catalog: catalog(), targets: [
            DeliveryTarget(service: "pricing", url: "http://127.0.0.1:1/p"), DeliveryTarget(service: "crm", url: "http://127.0.0.1:1/c"),
        ], settings: settings)
        #expect(warnings.isEmpty)
        #expect(plans.map(\.service) == ["crm", "pricing"])
        #expect(plans.map(\.group) == ["herald-deliver.crm", "herald-deliver.pricing"])
        let crm = plans[0].subscriptions, pricing = plans[1].subscriptions
        #expect(crm.map(\.topic) == ["order.placed", "order.shipped"])
        #expect(crm[0].idField == "ref")
        #expect(crm[0].deadLetterTopic == "order.placed.dlq")
        #expect(crm[0].retry == RetryPolicy(retries: 2, initialMilliseconds: 500, multiplier: 3, maxMilliseconds: 10_000, scale: 0.1))
        #expect(crm[1].deadLetterTopic == "shipping.dead")
        #expect(crm[1].retry.retries == 0)
        #expect(crm[1].alert == false)
        #expect(pricing.map(\.topic) == ["order.placed", "orders.cancelled"])
        #expect(pricing[1].deadLetterTopic == nil)
        #expect(pricing[1].idField == "eventId")
    }

    @Test func withoutAnyDeadLetterPolicyTheDefaultsRetryAndNothingIsDeadLettered() {
        let (plans, _) = DeliveryPlanner.plan(catalog: catalog(defaults: ""), targets: [DeliveryTarget(service: "pricing", url: "http://127.0.0.1:1/")],
                                              settings: DeliverySettings())
        let placed = plans[0].subscriptions[0]
        #expect(placed.topic == "order.placed")
        #expect(placed.deadLetterTopic == nil)
        #expect(placed.retry == .standard)
        #expect(placed.alert)
    }

    @Test func unknownServicesAndServicesConsumingNothingAreWarnedAbout() {
        let (plans, warnings) = DeliveryPlanner.plan(catalog: catalog(), targets: [
            DeliveryTarget(service: "shop", url: "http://127.0.0.1:1/"), DeliveryTarget(service: "nobody", url: "http://127.0.0.1:1/"),
        ], settings: DeliverySettings())
        #expect(plans.map(\.subscriptions.count) == [0, 0])
        #expect(warnings == [
            "--deliver nobody: not a service in catalog.yaml",
            "--deliver nobody: the service consumes no event; nothing will be delivered",
            "--deliver shop: the service consumes no event; nothing will be delivered",
        ])
    }

    @Test func theCommandLineOverridesCatalogDeliveries() {
        let resolved = catalog(deliveries: "deliveries:\n  pricing: http://127.0.0.1:1/from-catalog\n  crm: http://127.0.0.1:1/crm\n")
        #expect(resolved.manifest.deliveries.count == 2)
        let targets = DeliveryPlanner.targets(catalog: resolved.manifest, commandLine: [DeliveryTarget(service: "pricing", url: "http://127.0.0.1:2/cli")])
        #expect(targets == [DeliveryTarget(service: "crm", url: "http://127.0.0.1:1/crm"), DeliveryTarget(service: "pricing", url: "http://127.0.0.1:2/cli")])
    }

    @Test(arguments: [
        ("pricing=http://127.0.0.1:9000/in", true), ("pricing=https://example.com", true), ("pricing", false),
        ("=http://a", false), ("pricing=ftp://a", false), ("pricing=http://", false), ("pricing=http://a b", false),
    ])
    func parsesTargets(text: String, valid: Bool) {
        #expect(((try? DeliveryTarget.parse(text)) != nil) == valid)
    }
}
