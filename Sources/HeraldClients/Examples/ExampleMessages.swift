import HeraldAvro
import HeraldCatalog
import W3CTraceContext

/// One example, ready to produce: the record and what to tell the person about it.
public struct PreparedExample: Sendable, Hashable {
    public var event: String
    /// The example file.
    public var file: String
    /// The version the value is written with.
    public var version: Int
    /// The registry ID in the value's Confluent framing.
    public var valueSchemaID: Int
    /// How the key was made: `eventId "…"`, a key schema ID, or why there is none.
    public var keyDescription: String
    public var traceparent: String
    public var record: OutgoingRecord
}

/// Registry IDs the examples are framed with: by subject, then by the canonical form registered there.
public struct SchemaIDs: Sendable, Hashable {
    public var ids: [String: [String: Int]]

    public init(ids: [String: [String: Int]] = [:]) { self.ids = ids }

    /// The ID of each registered version of the snapshot's subjects, under its canonical form (the first one wins).
    public init(snapshot: RegistrySnapshot) {
        var resolver = RegisteredSchemaResolver(snapshot: snapshot)
        var ids: [String: [String: Int]] = [:]
        for subject in snapshot.subjects {
            for version in subject.versions {
                if case .success(let form) = resolver.canonicalForm(version), ids[subject.name]?[form] == nil {
                    ids[subject.name, default: [:]][form] = version.id
                }
            }
        }
        self.ids = ids
    }

    public func id(subject: String, canonicalForm: String) -> Int? { ids[subject]?[canonicalForm] }
}

/// The pure part of `herald publish-examples`: each valid example of the chosen events → a Confluent-framed Avro
/// record under the registry's IDs, keyed by the event ID (or by the key schema built from the example's fields),
/// with a new W3C `traceparent` header.
public struct ExampleMessages: Sendable {
    public var catalog: ResolvedCatalog

    public init(catalog: ResolvedCatalog) { self.catalog = catalog }

    /// The events to publish: the named ones (unknown names are returned as problems), or all of them.
    public func events(named names: [String]) -> (events: [ResolvedEvent], unknown: [String]) {
        guard !names.isEmpty else { return (catalog.events.sorted { $0.name < $1.name }, []) }
        var events: [ResolvedEvent] = []
        var unknown: [String] = []
        for name in names {
            if let event = catalog.event(named: name) {
                if !events.contains(where: { $0.name == name }) { events.append(event) }
            } else {
                unknown.append(name)
            }
        }
        return (events, unknown)
    }

    /// The records for the events' valid examples, in event then file order; examples that cannot be sent, with why.
    public func prepare(_ events: [ResolvedEvent], ids: SchemaIDs,
                        random: inout some RandomNumberGenerator) -> (messages: [PreparedExample], skipped: [String]) {
        var messages: [PreparedExample] = []
        var skipped: [String] = []
        for event in events {
            for example in event.examples.sorted(by: { $0.source.file < $1.source.file }) {
                let target: ResolvedVersion?
                switch example.kind {
                case .invalid: continue
                case .latest: target = event.latest
                case .pinned(let number): target = event.versions.first { $0.number == number }
                }
                guard let version = target, let schema = version.schema else {
                    skipped.append("\(example.source.file): its version's schema is not available (herald check explains)")
                    continue
                }
                guard let json = example.document else {
                    skipped.append("\(example.source.file): not valid JSON (herald check explains)")
                    continue
                }
                let value: AvroValue
                do {
                    value = try AvroJSONReader(schema: schema).read(json)
                } catch {
                    skipped.append("\(example.source.file): not valid against v\(version.number): \(error.problems.first?.description ?? "\(error)")")
                    continue
                }
                let valueSubject = SubjectNaming.value(topic: event.topic)
                guard let valueID = ids.id(subject: valueSubject, canonicalForm: version.canonicalForm ?? schema.canonicalForm) else {
                    skipped.append("\(example.source.file): v\(version.number) is not registered under \(valueSubject)")
                    continue
                }
                let body: [UInt8]
                do {
                    body = try AvroBinaryEncoder(schema: schema).encode(value)
                } catch {
                    skipped.append("\(example.source.file): cannot be encoded: \(error)")
                    continue
                }
                let key: (bytes: [UInt8]?, description: String)
                switch makeKey(event, json: json.plain, ids: ids) {
                case .success(let made): key = made
                case .failure(let problem):
                    skipped.append("\(example.source.file): \(problem.message)")
                    continue
                }
                let trace = TraceContext(traceID: .random(using: &random), spanID: .random(using: &random), flags: .sampled, state: TraceState())
                let traceparent = trace.traceParentHeaderValue
                let record = OutgoingRecord(
                    topic: event.topic, key: key.bytes, value: ConfluentFrame.encode(schemaID: UInt32(valueID), body: body),
                    headers: [RecordHeader(key: "traceparent", value: Array(traceparent.utf8))])
                messages.append(PreparedExample(
                    event: event.name, file: example.source.file, version: version.number, valueSchemaID: valueID,
                    keyDescription: key.description, traceparent: traceparent, record: record))
            }
        }
        return (messages, skipped)
    }

    struct KeyProblem: Error { var message: String }

    /// The record key: the event ID as UTF-8 for a string key (Kafka's StringSerializer), or the key schema's record
    /// filled from the example's fields of the same names, Avro-encoded and Confluent-framed.
    func makeKey(_ event: ResolvedEvent, json: JSONValue, ids: SchemaIDs) -> Result<(bytes: [UInt8]?, description: String), KeyProblem> {
        switch event.manifest?.key {
        case .schema?:
            guard let keySchema = event.keySchema else { return .failure(KeyProblem(message: "the event's key schema does not parse")) }
            let subject = SubjectNaming.key(topic: event.topic)
            guard let id = ids.id(subject: subject, canonicalForm: keySchema.canonicalForm) else {
                return .failure(KeyProblem(message: "its key schema is not registered under \(subject)"))
            }
            var fields = JSONObject()
            if case .record(let record) = keySchema.rootNode.type, case .object(let members) = json {
                for field in record.fields { if let value = members[field.name] { fields.set(field.name, value) } }
            }
            do {
                let value = try AvroJSONReader(schema: keySchema).read(.object(fields))
                let bytes = ConfluentFrame.encode(schemaID: UInt32(id), body: try AvroBinaryEncoder(schema: keySchema).encode(value))
                return .success((bytes, "key schema ID \(id) with \(JSONWriter().write(.object(fields)))"))
            } catch {
                return .failure(KeyProblem(message: "its key cannot be built from the example's fields: \(error)"))
            }
        case .type(let type)? where type.value != "string":
            return .failure(KeyProblem(message: "a key of type \(type.value) cannot be made from the event ID; give the event a key schema"))
        default:
            let field = event.manifest?.idField?.value ?? "eventId"
            guard case .object(let members) = json, case .string(let id)? = members[field] else {
                return .success((nil, "no key (the example has no string \(field))"))
            }
            return .success((Array(id.utf8), "\(field) \(JSONWriter.quoted(id))"))
        }
    }
}
