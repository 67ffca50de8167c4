import HeraldAvro
import HeraldBroker
import HeraldCatalog
import HeraldRegistry

/// Turns stored or refused records into `LiveRecord`s: the value decoded with the schema its framing names, the
/// schema's subject and version, the trace ID, and what produce-time validation says of the record now.
public struct RecordDecoding: Sendable {
    public let registry: LiveRegistry
    /// The broker's contracts; nil when the catalog has none (then nothing is checked).
    public let validator: ContractValidator?

    public init(registry: LiveRegistry, validator: ContractValidator?) {
        self.registry = registry
        self.validator = validator
    }

    public func record(_ stored: StoredRecord) -> LiveRecord {
        var record = LiveRecord(
            topic: stored.topic, partition: stored.partition, offset: stored.offset, timestamp: stored.timestamp, key: stored.key,
            headers: stored.headers, validation: .notChecked)
        record.traceID = TraceParent.traceID(of: record.header(TraceParent.headerKey))
        decodeValue(stored.value, into: &record)
        switch validator?.verdict(topic: stored.topic, key: stored.key, value: stored.value) ?? .notChecked {
        case .valid: record.validation = .valid
        case .invalid(let rule, let message, _): record.validation = .invalid(rule: rule, message: message)
        case .notChecked: record.validation = .notChecked
        }
        return record
    }

    public func refusal(_ refusal: ProduceRefusal) -> LiveRefusal {
        let records = refusal.records.map { refused in
            var record = LiveRecord(
                topic: refusal.topic, partition: refusal.partition, offset: -1, timestamp: refused.timestamp, key: refused.key,
                headers: refused.headers.map { LiveRecord.Header(key: $0.key, value: $0.value) }, validation: .valid)
            record.traceID = TraceParent.traceID(of: record.header(TraceParent.headerKey))
            decodeValue(refused.value, into: &record)
            if let error = refused.error {
                let message = error.message.hasPrefix("record \(refused.batchIndex): ")
                    ? String(error.message.dropFirst("record \(refused.batchIndex): ".count)) : error.message
                record.validation = .invalid(rule: error.rule, message: message)
            }
            return record
        }
        return LiveRefusal(sequence: refusal.sequence, time: refusal.time, topic: refusal.topic, partition: refusal.partition,
                           message: refusal.message, records: records)
    }

    func decodeValue(_ value: [UInt8]?, into record: inout LiveRecord) {
        guard let value else {
            record.decodeProblem = "the value is null"
            return
        }
        record.undecodedValue = value
        let framed: (schemaID: UInt32, body: ArraySlice<UInt8>)
        do {
            framed = try ConfluentFrame.parse(value)
        } catch {
            record.decodeProblem = "not Confluent-framed: \(error.message)"
            return
        }
        record.schemaID = framed.schemaID
        let valueSubject = SubjectNaming.value(topic: record.topic)
        if let usages = try? registry.read({ state throws(RegistryError) in try state.usages(ofSchema: Int(framed.schemaID), includeDeleted: true) }) {
            let usage = usages.first { $0.subject == valueSubject } ?? usages.first
            record.subject = usage?.subject
            record.schemaVersion = usage?.version
        }
        guard let schema = registry.parsedSchema(id: framed.schemaID) else {
            record.decodeProblem = "schema id \(framed.schemaID) is not in the registry"
            return
        }
        do {
            let datum = try AvroBinaryDecoder(schema: schema).decode(framed.body)
            record.json = try AvroJSONWriter(schema: schema).text(datum, style: .pretty)
            record.undecodedValue = nil
        } catch {
            record.decodeProblem = "does not decode with schema id \(framed.schemaID): \(error)"
        }
    }
}
