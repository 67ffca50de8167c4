import HeraldAvro
@testable import HeraldDelivery
import HeraldKafkaProtocol
import NIOCore
import Testing

/// A registry of one schema, ID 7, version 3 of `vehicle.configured-value`.
struct OneSchema: DeliverySchemaSource {
    let avro: AvroSchema
    func schema(id: UInt32) -> AvroSchema? { id == 7 ? avro : nil }
    func version(ofSchema id: UInt32, subject: String) -> Int? { id == 7 && subject == "vehicle.configured-value" ? 3 : nil }
}

@Suite struct DeliveryRecordTests {
    static let schemaText = """
        {"type": "record", "name": "VehicleConfigured", "fields": [
          {"name": "eventId", "type": "string"},
          {"name": "trim", "type": ["null", "string"], "default": null},
          {"name": "price", "type": "long"}]}
        """
    let schema = AvroSchemaParser().parse(Self.schemaText, file: nil).schema!
    let subscription = ServicePlan.Subscription(
        event: "vehicle.configured", topic: "vehicle.configured", idField: "eventId", retry: .standard,
        deadLetterTopic: "vehicle.configured.dlq", alert: true)

    func framed(_ json: String) throws -> [UInt8] {
        let value = try AvroJSONReader(schema: schema).read(try JSONParser().parse(json))
        return ConfluentFrame.encode(schemaID: 7, body: try AvroBinaryEncoder(schema: schema).encode(value))
    }

    func stored(value: [UInt8]?, headers: [(key: String, value: [UInt8]?)] = []) -> StoredRecord {
        StoredRecord(topic: "vehicle.configured", partition: 2, offset: 41, timestamp: 1_700_000_000_000,
                     key: Array("VIN-1".utf8), value: value, headers: headers)
    }

    @Test func aFramedRecordDecodesToPlainJSONWithItsEventIDAndVersion() throws {
        let record = stored(value: try framed(#"{"eventId": "e-1", "trim": "sport", "price": 42000}"#))
        let decoded = try DecodedRecord.decode(record, subscription: subscription, schemas: OneSchema(avro: schema))
        #expect(decoded.json == #"{"eventId":"e-1","trim":"sport","price":42000}"#)
        #expect(decoded.eventID == "e-1")
        #expect(decoded.version == 3)
        #expect(decoded.schemaID == 7)
    }

    @Test func undecodableValuesAreUndeliverable() throws {
        let source = OneSchema(avro: schema)
        #expect(throws: DeliveryFailure.self) { try DecodedRecord.decode(stored(value: Array("{}".utf8)), subscription: subscription, schemas: source) }
        var unknown = try framed(#"{"eventId": "e-1", "price": 1}"#)
        unknown[4] = 9
        do {
            _ = try DecodedRecord.decode(stored(value: unknown), subscription: subscription, schemas: source)
            Issue.record("decoded with an unknown schema ID")
        } catch {
            #expect(error == .undeliverable("schema ID 9 is not in the registry"))
        }
        var truncated = try framed(#"{"eventId": "e-1", "price": 1}"#)
        truncated.removeLast()
        #expect(throws: DeliveryFailure.self) { try DecodedRecord.decode(stored(value: truncated), subscription: subscription, schemas: source) }
    }

    @Test func aTombstoneIsDeliveredAsNull() throws {
        let decoded = try DecodedRecord.decode(stored(value: nil), subscription: subscription, schemas: OneSchema(avro: schema))
        #expect(decoded.json == "null")
        #expect(decoded.eventID == nil)
    }

    @Test func theRequestNamesTheRecordInHeadersAndPassesTraceContextThrough() throws {
        let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let record = stored(value: try framed(#"{"eventId": "e-1", "price": 1}"#), headers: [
            ("traceparent", Array(traceparent.utf8)), ("source system", Array("crm\r\nX-Evil: 1".utf8)), ("empty", nil),
        ])
        let decoded = try DecodedRecord.decode(record, subscription: subscription, schemas: OneSchema(avro: schema))
        let request = DeliveryRequest(record: decoded, service: "pricing", url: "http://127.0.0.1:9/in", attempt: 2)
        #expect(request.body == #"{"eventId":"e-1","trim":null,"price":1}"#)
        #expect(request.headers.map { "\($0.name): \($0.value)" } == [
            "Content-Type: application/json",
            "X-Herald-Service: pricing",
            "X-Herald-Event: vehicle.configured",
            "X-Herald-Topic: vehicle.configured",
            "X-Herald-Partition: 2",
            "X-Herald-Offset: 41",
            "X-Herald-Timestamp: 1700000000000",
            "X-Herald-Attempt: 2",
            "X-Herald-Event-Version: 3",
            "X-Herald-Schema-Id: 7",
            "X-Herald-Event-Id: e-1",
            "X-Herald-Key: VIN-1",
            "traceparent: \(traceparent)",
            "X-Herald-Header-source_system: crm%0D%0AX-Evil: 1",
            "X-Herald-Header-empty: ",
        ])
    }

    @Test func aDeadLetterKeepsTheRecordAndAddsReasonHeaders() throws {
        let value = try framed(#"{"eventId": "e-1", "price": 1}"#)
        let record = stored(value: value, headers: [("traceparent", Array("00-a-b-01".utf8))])
        let letter = DeadLetter(record: record, service: "pricing", attempts: 4, failure: .status(500, body: String(repeating: "é", count: 400)))
        var bytes = try letter.batch(nowMs: 5).bytes
        let batch = try RecordBatch.parse(from: &bytes)
        try batch.verify()
        let records = try batch.records()
        #expect(records.count == 1)
        #expect(records[0].value.map { Array($0.readableBytesView) } == value)
        #expect(records[0].key.map { String(buffer: $0) } == "VIN-1")
        let headers = records[0].headers.map { ($0.key, $0.value.map { String(buffer: $0) } ?? "") }
        #expect(headers.map(\.0) == [
            "traceparent", "herald.error", "herald.delivery.service", "herald.delivery.status", "herald.delivery.body",
            "herald.delivery.attempts", "herald.original.topic", "herald.original.partition", "herald.original.offset",
        ])
        let byKey = Dictionary(headers, uniquingKeysWith: { a, _ in a })
        #expect(byKey["herald.error"] == "delivery to pricing failed after 4 attempts: HTTP 500")
        #expect(byKey["herald.delivery.status"] == "500")
        #expect(byKey["herald.delivery.attempts"] == "4")
        #expect(byKey["herald.original.offset"] == "41")
        let body = try #require(byKey["herald.delivery.body"])
        #expect(body.utf8.count <= DeadLetter.excerptBytes && body.hasSuffix("..."))
    }
}
