import Foundation
import HeraldCatalog
import Testing
@testable import HeraldBroker

/// Contracts as the catalog declares them: subjects, idField, onInvalid (event over catalog default over reject)
/// and the dead-letter topic.
@Suite struct TopicContractTests {
    static func catalog(defaults: String, events: [String: String]) throws -> ResolvedCatalog {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-contracts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let schema = #"{"type": "record", "name": "E", "fields": [{"name": "id", "type": "string"}]}"#
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("""
            title: Contracts
            defaults:
              compatibility: BACKWARD
            \(defaults)
            teams: { shop-team: { name: Shop, email: shop@example.com } }
            services: { shop: { name: Shop, owner: shop-team } }
            """.utf8).write(to: root.appendingPathComponent("catalog.yaml"))
        for (name, extra) in events {
            let folder = root.appendingPathComponent("shop").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("summary: S.\nowner: shop-team\nproducer: shop\nidField: id\n\(extra)\n".utf8)
                .write(to: folder.appendingPathComponent("event.yaml"))
            try Data(schema.utf8).write(to: folder.appendingPathComponent("v1.avsc"))
        }
        let files = try DirectoryCatalogSource(directory: root, displayRoot: "catalog").load()
        return CatalogResolver().resolve(CatalogParser().parse(files))
    }

    @Test func onInvalidComesFromTheEventThenTheCatalogDefault() throws {
        let catalog = try Self.catalog(defaults: "  onInvalid: dlq\n  dlq: { retries: 1 }", events: [
            "shop.order.placed": "topic: orders",
            "shop.order.paid": "onInvalid: reject",
            "shop.order.shipped": "dlq: { topic: shipping.dead }",
            "shop.order.lost": "dlq: { enabled: false }",
        ])
        let contracts = Dictionary(uniqueKeysWithValues: TopicContract.contracts(from: catalog).map { ($0.topic, $0) })
        #expect(contracts.keys.sorted() == ["orders", "shop.order.lost", "shop.order.paid", "shop.order.shipped"])
        let orders = try #require(contracts["orders"])
        #expect(orders.event == "shop.order.placed")
        #expect(orders.valueSubject == "orders-value" && orders.keySubject == "orders-key")
        #expect(orders.idField == "id")
        #expect(orders.onInvalid == .dlq && orders.deadLetterTopic == "orders.dlq")
        #expect(contracts["shop.order.paid"]?.onInvalid == .reject)
        #expect(contracts["shop.order.shipped"]?.deadLetterTopic == "shipping.dead")
        #expect(contracts["shop.order.lost"]?.onInvalid == .dlq && contracts["shop.order.lost"]?.deadLetterTopic == nil)
    }

    @Test func theDefaultIsReject() throws {
        let catalog = try Self.catalog(defaults: "", events: ["shop.order.placed": ""])
        #expect(TopicContract.contracts(from: catalog).map(\.onInvalid) == [.reject])
    }

    /// `dlq` without a dead-letter topic refuses, as `reject` does.
    @Test func dlqWithoutADeadLetterTopicRefuses() throws {
        let catalog = try Self.catalog(defaults: "", events: ["shop.order.lost": "onInvalid: dlq\ndlq: { enabled: false }"])
        let source = CatalogSchemaSource(catalog: catalog)
        var config = BrokerConfiguration()
        config.initialTopics = ["shop.order.lost": 1]
        let state = try BrokerState(configuration: config, clock: { 1_000 }, logger: quietLogger)
        let handler = KafkaRequestHandler(
            state: state, validator: ContractValidator(contracts: TopicContract.contracts(from: catalog), source: source), logger: quietLogger)
        let broker = ProduceValidationTests.Broker(
            state: state, handler: handler, source: source, validator: ContractValidator(contracts: [], source: source))
        let answer = try broker.produce("shop.order.lost", values: [Array("text".utf8)])
        #expect(answer.errorCode == .invalidRecord)
        #expect(try broker.stored("shop.order.lost").isEmpty)
    }
}
