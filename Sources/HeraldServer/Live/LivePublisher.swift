import Foundation
import HeraldAvro
import HeraldBroker
import HeraldCatalog
import HeraldClients
import HeraldKafkaProtocol
import HeraldRegistry
import NIOCore

/// One problem with a publish request, with a stable rule ID and, for a datum, the JSON path.
public struct LiveDiagnostic: Sendable, Hashable {
    public var rule: String
    public var message: String
    public var path: String?
}

/// What `POST /_live/publish/{event}` answers.
public enum PublishOutcome: Sendable, Hashable {
    public struct Published: Sendable, Hashable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var schemaID: UInt32
        public var schemaVersion: Int
        public var traceparent: String
        public var traceID: String
        /// Set when the broker accepted the batch but routed the record to this dead-letter topic.
        public var deadLetterTopic: String?
        public var deadLetterReason: String?
    }

    case published(Published)
    /// Nothing was stored; `status` is the HTTP status the API answers with.
    case refused(status: Int, diagnostics: [LiveDiagnostic])
}

/// The publish form's path: a JSON datum → Avro under the value subject's latest registered schema, framed with its
/// registry ID, keyed as `publish-examples` keys, with a W3C `traceparent`, produced through the broker's own
/// produce path (validation, dead-lettering, append).
public struct LivePublisher: Sendable {
    public let catalog: LiveCatalog
    public let registry: LiveRegistry
    public let requests: KafkaRequestHandler
    public let validator: ContractValidator?
    let clock: @Sendable () -> Int64

    public init(catalog: LiveCatalog, registry: LiveRegistry, requests: KafkaRequestHandler, validator: ContractValidator?,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.catalog = catalog
        self.registry = registry
        self.requests = requests
        self.validator = validator
        self.clock = clock
    }

    public func publish(event name: String, body: [UInt8], traceparent: String?) -> PublishOutcome {
        func refused(_ status: Int, _ rule: String, _ message: String, path: String? = nil) -> PublishOutcome {
            .refused(status: status, diagnostics: [LiveDiagnostic(rule: rule, message: message, path: path)])
        }
        guard let event = catalog.events[name], let resolvedCatalog = catalog.catalog else { return refused(404, "LIVE_UNKNOWN_EVENT", "no event named \(name) in the catalog") }
        let trace: String
        if let given = traceparent {
            guard TraceParent.traceID(of: given) != nil else {
                return refused(400, "LIVE_TRACEPARENT_INVALID", "the traceparent header is not a valid W3C traceparent: \(given)")
            }
            trace = given
        } else {
            trace = TraceParent.fresh()
        }
        let json: JSONNode
        do {
            json = try JSONParser().parse(body)
        } catch {
            return refused(400, "LIVE_JSON_SYNTAX", "the body is not JSON: \(error)")
        }
        let subject = SubjectNaming.value(topic: event.topic)
        let latest: SubjectSchema
        do {
            latest = try registry.read { state throws(HeraldRegistry.RegistryError) in try state.schema(subject: subject, version: .latest) }
        } catch {
            return refused(409, "LIVE_SCHEMA_NOT_REGISTERED", "\(subject) has no live version in the registry")
        }
        let schema = latest.schema.parsed
        let value: AvroValue
        do {
            value = try AvroJSONReader(schema: schema).read(json)
        } catch {
            return .refused(status: 422, diagnostics: error.problems.map {
                LiveDiagnostic(rule: "LIVE_DATUM_INVALID", message: "\($0.message) (\(subject) version \(latest.version.version))", path: $0.path)
            })
        }
        let encoded: [UInt8]
        do {
            encoded = try AvroBinaryEncoder(schema: schema).encode(value)
        } catch {
            return refused(422, "LIVE_DATUM_INVALID", "cannot be encoded: \(error)")
        }
        let schemaID = UInt32(truncatingIfNeeded: latest.schema.id)
        let framed = ConfluentFrame.encode(schemaID: schemaID, body: encoded)
        let key: [UInt8]?
        do {
            key = try ExampleMessages(catalog: resolvedCatalog)
                .recordKey(for: event.resolved, datum: json.plain, ids: keyIDs(topic: event.topic)).bytes
        } catch {
            return refused(422, "LIVE_KEY", error.message)
        }
        guard let partitions = requests.state.partitionCount(event.topic), partitions > 0 else {
            return refused(409, "LIVE_TOPIC_MISSING", "the broker has no topic \(event.topic)")
        }
        let partition = key.map { KeyPartitioner.partition(forKey: $0, partitions: partitions) } ?? 0
        let now = clock()
        var header = RecordBatchHeader()
        header.baseTimestamp = now
        header.maxTimestamp = now
        let record = KafkaRecord(offsetDelta: 0, key: key.map { ByteBuffer(bytes: $0) }, value: ByteBuffer(bytes: framed),
                                 headers: [KafkaRecordHeader(key: TraceParent.headerKey, value: ByteBuffer(string: trace))])
        let batch: RecordBatch
        do {
            batch = try RecordBatch(records: [record], header: header)
        } catch {
            return refused(500, "LIVE_BATCH", "cannot build the record batch: \(error)")
        }
        // Told apart only for the answer: whether the broker's contract would dead-letter the record.
        let verdict = validator?.verdict(topic: event.topic, key: key, value: framed)
        var request = ProduceRequest()
        request.acks = -1
        request.timeoutMs = 30_000
        request.topics = [.init(name: event.topic, partitions: [.init(index: partition, records: batch.bytes)])]
        guard let answer = requests.produceInProcess(request).topics.first?.partitions.first else {
            return refused(500, "LIVE_PRODUCE", "the broker gave no answer")
        }
        guard answer.errorCode == .noError else {
            let rule: String = if case .invalid(let rule, _, _)? = verdict { rule } else { "PRODUCE_\(answer.errorCode)".uppercased() }
            let messages = answer.recordErrors.isEmpty ? [answer.errorMessage ?? "\(answer.errorCode)"] : answer.recordErrors.map { $0.message ?? answer.errorMessage ?? "refused" }
            return .refused(status: 422, diagnostics: messages.map { LiveDiagnostic(rule: rule, message: $0, path: nil) })
        }
        var published = PublishOutcome.Published(
            topic: event.topic, partition: partition, offset: answer.baseOffset, schemaID: schemaID,
            schemaVersion: latest.version.version, traceparent: trace, traceID: TraceParent.traceID(of: trace) ?? "")
        if case .invalid(_, let message, _)? = verdict, let deadLetterTopic = event.deadLetterTopic {
            published.deadLetterTopic = deadLetterTopic
            published.deadLetterReason = message
        }
        return .published(published)
    }

    /// The registry IDs of the key subject's versions by canonical form, for a key schema.
    func keyIDs(topic: String) -> SchemaIDs {
        let subject = SubjectNaming.key(topic: topic)
        let state = registry.snapshot
        var forms: [String: Int] = [:]
        for version in state.subjects[subject]?.liveVersions ?? [] {
            if let stored = state.schemas[version.schemaID], forms[stored.canonicalForm] == nil { forms[stored.canonicalForm] = version.schemaID }
        }
        return SchemaIDs(ids: [subject: forms])
    }
}
