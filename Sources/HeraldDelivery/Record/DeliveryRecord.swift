import HeraldAvro
import HeraldCatalog
import HeraldKafkaProtocol
import NIOCore

/// One stored record as delivery sees it: where it sits, its bytes, and its Kafka headers.
public struct StoredRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [(key: String, value: [UInt8]?)]

    public init(topic: String, partition: Int32, offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [(key: String, value: [UInt8]?)]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.topic == b.topic && a.partition == b.partition && a.offset == b.offset && a.timestamp == b.timestamp && a.key == b.key
            && a.value == b.value && a.headers.map(\.key) == b.headers.map(\.key) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(partition)
        hasher.combine(offset)
    }

    /// The records of a stored batch at or after `from`; empty for control batches (transaction markers).
    public static func records(of batch: RecordBatch, topic: String, partition: Int32, from: Int64) throws -> [StoredRecord] {
        guard !batch.header.attributes.isControl else { return [] }
        return try batch.records().compactMap { record in
            let offset = batch.header.baseOffset + Int64(record.offsetDelta)
            guard offset >= from else { return nil }
            let timestamp = batch.header.attributes.isLogAppendTime ? batch.header.maxTimestamp : batch.header.baseTimestamp + record.timestampDelta
            return StoredRecord(
                topic: topic, partition: partition, offset: offset, timestamp: timestamp,
                key: record.key.map { Array($0.readableBytesView) }, value: record.value.map { Array($0.readableBytesView) },
                headers: record.headers.map { ($0.key, $0.value.map { Array($0.readableBytesView) }) })
        }
    }
}

/// A record decoded for delivery: the plain-JSON rendering of its value, and what the headers name.
public struct DecodedRecord: Sendable, Hashable {
    public var record: StoredRecord
    public var event: String
    /// The registry's version of the event's subject the record was written with; nil when unknown.
    public var version: Int?
    public var schemaID: UInt32?
    /// The value of the event's ID field, when the value has one.
    public var eventID: String?
    /// The value as plain JSON (`null` for a tombstone).
    public var json: String

    /// Decodes `record` of `subscription` with the registry's schema; throws the reason it cannot be delivered.
    public static func decode(_ record: StoredRecord, subscription: ServicePlan.Subscription, schemas: any DeliverySchemaSource) throws(DeliveryFailure) -> DecodedRecord {
        guard let value = record.value else {
            return DecodedRecord(record: record, event: subscription.event, version: nil, schemaID: nil, eventID: nil, json: "null")
        }
        let frame: (schemaID: UInt32, body: ArraySlice<UInt8>)
        do { frame = try ConfluentFrame.parse(value) } catch {
            throw .undeliverable("the value is not Confluent-framed Avro: \(error.message)")
        }
        guard let schema = schemas.schema(id: frame.schemaID) else {
            throw .undeliverable("schema ID \(frame.schemaID) is not in the registry")
        }
        let datum: AvroValue
        do { datum = try AvroBinaryDecoder(schema: schema).decode(frame.body) } catch {
            throw .undeliverable("the value does not decode with schema \(frame.schemaID): \(error)")
        }
        let json: JSONValue
        do { json = try AvroJSONWriter(schema: schema, encoding: .plain).write(datum) } catch {
            throw .undeliverable("the value cannot be written as JSON: \(error)")
        }
        var eventID: String?
        if case .object(let object) = json {
            switch object[subscription.idField] {
            case .string(let text)?: eventID = text
            case .number(let number)?: eventID = number.text
            default: eventID = nil
            }
        }
        let version = schemas.version(ofSchema: frame.schemaID, subject: SubjectNaming.value(topic: subscription.topic))
        return DecodedRecord(record: record, event: subscription.event, version: version, schemaID: frame.schemaID,
                             eventID: eventID, json: JSONWriter().write(json))
    }
}
