import Foundation
import HeraldAsyncAPI
import HeraldAvro
import Testing

/// What the documents say about the fixture catalog, field by field.
@Suite struct DocumentShapeTests {
    func document(_ stem: String, _ version: AsyncAPIVersion = .v3_0_0) throws -> JSONValue {
        let documents = try TestCatalogs.jsonDocuments(try TestCatalogs.fixtureCatalog(), version: version)
        return try #require(documents.first { $0.path == "asyncapi/\(stem).json" }?.value)
    }

    @Test func serviceIsTheApplication() throws {
        let warehouse = try document("warehouse")
        let operations = try #require(warehouse["operations"]?.objectValue)
        #expect(operations.keys == ["send.shop.stock.adjusted", "send.shop.stock.changed", "receive.shop.order.placed", "deadletter.shop.order.placed"])
        #expect(warehouse[["operations", "send.shop.stock.adjusted", "action"]]?.stringValue == "send")
        let receive = try #require(warehouse[["operations", "receive.shop.order.placed"]])
        #expect(receive["action"]?.stringValue == "receive")
        #expect(receive[["channel", "$ref"]]?.stringValue == "#/channels/shop.orders")
        #expect(receive[["bindings", "kafka", "groupId", "enum"]] == .array([.string("warehouse")]))
        #expect(receive["messages"]?.arrayValue?.compactMap { $0["$ref"]?.stringValue }
                == ["#/channels/shop.orders/messages/shop.order.placed.v1", "#/channels/shop.orders/messages/shop.order.placed.v2"])
        #expect(warehouse[["operations", "deadletter.shop.order.placed", "channel", "$ref"]]?.stringValue == "#/channels/shop.orders.dlq")
        #expect(warehouse[["info", "contact", "email"]]?.stringValue == "ops@shop.example")
        // Only the topics it touches.
        #expect(warehouse["channels"]?.objectValue?.keys == ["shop.orders", "shop.orders.dlq", "shop.stock", "shop.stock-adjustments"])
    }

    @Test func catalogIsATopology() throws {
        let catalog = try document("catalog")
        #expect(catalog["operations"] == nil)
        #expect(catalog["channels"]?.objectValue?.keys
                == ["audit.logins", "shop.orders", "shop.orders.dlq", "shop.stock", "shop.stock-adjustments", "shop.stock-adjustments.dlq", "shop.stock.dlq"])
        #expect(catalog[["channels", "shop.orders", "x-herald-producers"]] == .array([.string("checkout")]))
        #expect(catalog[["channels", "shop.orders", "x-herald-consumers"]] == .array([.string("billing"), .string("warehouse")]))
        #expect(catalog[["components", "operations", "checkout.send.shop.order.placed", "channel", "$ref"]]?.stringValue == "#/channels/shop.orders")
        #expect(catalog[["components", "messages"]]?.objectValue?.keys
                == ["audit.login.recorded.v1", "shop.order.placed.v1", "shop.order.placed.v2", "shop.stock.adjusted.v1", "shop.stock.changed.v1"])
        // 1.<schema versions>.0
        #expect(catalog[["info", "version"]]?.stringValue == "1.5.0")
    }

    @Test func channelBindings() throws {
        let catalog = try document("catalog")
        #expect(catalog[["channels", "shop.orders", "bindings", "kafka", "partitions"]]?.intValue == 3)
        #expect(catalog[["channels", "shop.orders", "bindings", "kafka", "topicConfiguration", "cleanup.policy"]] == .array([.string("delete")]))
        #expect(catalog[["channels", "shop.stock", "bindings", "kafka", "topicConfiguration", "cleanup.policy"]] == .array([.string("compact")]))
        #expect(catalog[["channels", "shop.orders", "bindings", "kafka", "topic"]] == nil)
        // dlq: { enabled: false } turns the dead-letter topic off.
        #expect(catalog[["channels", "audit.logins.dlq"]] == nil)
        #expect(catalog[["channels", "shop.stock-adjustments.dlq", "x-herald-dead-letter-of"]]?.stringValue == "shop.stock-adjustments")
    }

    @Test func messageFields() throws {
        let message = try #require(try document("catalog")[["components", "messages", "shop.order.placed.v2"]])
        #expect(message["contentType"]?.stringValue == "application/vnd.apache.avro")
        #expect(message[["payload", "schemaFormat"]]?.stringValue == "application/vnd.apache.avro+json;version=1.9.0")
        #expect(message[["correlationId", "$ref"]]?.stringValue == "#/components/correlationIds/traceparent")
        let kafka = try #require(message[["bindings", "kafka"]])
        #expect(kafka["key"] == .object(JSONObject([(key: "type", value: .string("string"))])))
        #expect(kafka["schemaIdLocation"]?.stringValue == "payload")
        #expect(kafka["schemaIdPayloadEncoding"]?.stringValue == "confluent")
        #expect(kafka["schemaLookupStrategy"]?.stringValue == "TopicNameStrategy")
        #expect(kafka["bindingVersion"]?.stringValue == "0.5.0")
        #expect(message["x-herald-volume-per-day"]?.intValue == 2000)
        #expect(message["x-herald-compatibility"]?.stringValue == "BACKWARD")
        #expect(message[["x-herald-owner", "team"]]?.stringValue == "shop-team")
        #expect(message[["x-herald-dlq", "retries"]]?.intValue == 3)
        #expect(message[["x-herald-dlq", "topic"]]?.stringValue == "shop.orders.dlq")
        #expect(message[["x-herald-fingerprint", "rabin"]]?.stringValue?.count == 16)
        #expect(message[["x-herald-fingerprint", "sha256"]]?.stringValue?.count == 64)
        // The latest version gets the unpinned examples; v1 its pinned one.
        #expect(message["examples"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["web-order"])
        #expect(try document("catalog")[["components", "messages", "shop.order.placed.v1", "examples"]]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["first-order"])
        // Shared named types are inlined, each defined once.
        let payload = JSONWriter().write(try #require(message[["payload", "schema"]]))
        #expect(payload.components(separatedBy: "\"name\":\"Money\"").count == 2)
        #expect(payload.contains("\"shop.common.Money\""))
    }

    @Test func avroKeysPinBinding040() throws {
        let message = try #require(try document("catalog")[["components", "messages", "shop.stock.adjusted.v1"]])
        #expect(message[["bindings", "kafka", "bindingVersion"]]?.stringValue == "0.4.0")
        #expect(message[["bindings", "kafka", "key", "type"]]?.stringValue == "record")
        #expect(message[["bindings", "kafka", "key", "name"]]?.stringValue == "StockKey")
        #expect(message[["x-herald-dlq", "retries"]]?.intValue == 5)
        #expect(message[["x-herald-dlq", "alert"]] == .bool(false))
    }

    @Test func deprecation() throws {
        let message = try #require(try document("catalog")[["components", "messages", "shop.stock.changed.v1"]])
        #expect(message["summary"]?.stringValue?.hasPrefix("Deprecated: use shop.stock.adjusted.") == true)
        #expect(message[["x-herald-deprecated", "supersededBy"]] == .array([.string("shop.stock.adjusted")]))
        #expect(message["tags"]?.arrayValue?.contains(.object(JSONObject([(key: "name", value: .string("deprecated"))]))) == true)
        let schemas = try document("catalog")[["components", "schemas"]]
        #expect(schemas?[["shop.stock.changed.headers", "deprecated"]] == .bool(true))
        #expect(schemas?[["shop.stock.adjusted.headers", "deprecated"]] == nil)
    }

    @Test func version26InvertsOperations() throws {
        let warehouse = try document("warehouse", .v2_6_0)
        #expect(warehouse["asyncapi"]?.stringValue == "2.6.0")
        // Produced: subscribe. Consumed: publish.
        #expect(warehouse[["channels", "shop.stock-adjustments", "subscribe", "operationId"]]?.stringValue == "send.shop.stock-adjustments")
        #expect(warehouse[["channels", "shop.stock-adjustments", "publish"]] == nil)
        #expect(warehouse[["channels", "shop.orders", "publish", "bindings", "kafka", "groupId", "enum"]] == .array([.string("warehouse")]))
        #expect(warehouse[["channels", "shop.orders", "publish", "message", "oneOf"]]?.arrayValue?.count == 2)
        #expect(warehouse[["channels", "shop.orders", "subscribe"]] == nil)
        let message = try #require(warehouse[["components", "messages", "shop.order.placed.v2"]])
        #expect(message["messageId"]?.stringValue == "shop.order.placed.v2")
        #expect(message["schemaFormat"]?.stringValue == "application/vnd.apache.avro+json;version=1.9.0")
        #expect(message[["payload", "type"]]?.stringValue == "record")
        #expect(message[["bindings", "kafka", "bindingVersion"]]?.stringValue == "0.4.0")
        #expect(warehouse[["servers", "local", "url"]]?.stringValue == "localhost:9092")
    }
}
