import Foundation
import HeraldAvro
import HeraldCatalog

/// Builds the objects every document shares (info, servers, messages, channel bindings, headers), for one
/// AsyncAPI version, from the resolved catalog and its topology.
struct DocumentParts: Sendable {
    let catalog: ResolvedCatalog
    let topology: CatalogTopology
    let version: AsyncAPIVersion
    /// When set, `components.messages` holds `DocumentOutline.placeholder` instead of the message objects (the
    /// streaming writer fills it from entries rendered once for every document that lists a message), and the
    /// catalog document's large maps are deferred to chunks built while it is framed.
    let defersMessages: Bool
    /// The fingerprints of each of `topology.messages`, computed once: messages and content hashes use them.
    let fingerprints: [SchemaFingerprints]

    init(catalog: ResolvedCatalog, topology: CatalogTopology, version: AsyncAPIVersion, defersMessages: Bool = false) {
        self.catalog = catalog
        self.topology = topology
        self.version = version
        self.defersMessages = defersMessages
        fingerprints = SchemaFingerprints.of(topology.messages)
    }

    /// The message object of `topology.messages[index]`.
    func message(at index: Int) -> JSONObject { message(topology.messages[index]) }

    /// `components.messages` of a document listing the messages at these indices of `topology.messages`.
    func componentMessages<Indices: Collection<Int>>(_ indices: Indices) -> JSONValue? {
        if indices.isEmpty { return nil }
        if defersMessages { return DocumentOutline.placeholder }
        var objects = MemberList()
        for index in indices { objects.set(topology.messages[index].id, .object(message(at: index))) }
        return .object(objects.object)
    }

    /// The Avro schema format string of the Multi Format Schema Object (3.0) or the message (2.6).
    static let avroSchemaFormat = "application/vnd.apache.avro+json;version=1.9.0"
    /// The content type of every record value.
    static let avroContentType = "application/vnd.apache.avro"
    /// The component key of the shared correlation ID.
    static let correlationID = "traceparent"

    /// The schema-ID binding fields need a server declaring the registry URL.
    var registryDeclared: Bool {
        catalog.manifest.registry?.url?.value.isEmpty == false && !catalog.manifest.servers.isEmpty
    }

    // MARK: Info

    /// `info` with the derived version; `events` are the indices into `topology.events` of the events the
    /// document describes.
    func info(title: String, description: String?, contact: CatalogManifest.Team?, tags: [String], repository: String?,
              events: [Int], extensions: JSONObject = JSONObject()) -> JSONObject {
        var info = JSONObject()
        info.set("title", .text(title))
        info.set("version", .text(DocumentVersion.version(of: events, topology: topology)))
        info.setText("description", description)
        if let contact { info.setObject("contact", self.contact(contact)) }
        if version == .v3_0_0 {
            info.setArray("tags", tags.map(Self.tag))
            if let repository, !repository.isEmpty {
                info.set("externalDocs", .members([("description", .text("Source repository")), ("url", .text(repository))]))
            }
        }
        info.set("x-herald-content-hash", .text(DocumentVersion.contentHash(of: events, topology: topology, fingerprints: fingerprints)))
        for (key, value) in extensions.members { info.set(key, value) }
        return info
    }

    func contact(_ team: CatalogManifest.Team) -> JSONObject {
        var contact = JSONObject()
        contact.setText("name", team.name?.value ?? team.id.value)
        contact.setText("email", team.email?.value)
        contact.setText("x-herald-team", team.id.value)
        contact.setText("x-herald-slack", team.slack?.value)
        return contact
    }

    static func tag(_ name: String) -> JSONValue { .members([("name", .text(name))]) }

    // MARK: Servers

    func servers() -> JSONObject {
        var servers = JSONObject()
        let registry = catalog.manifest.registry
        for server in catalog.manifest.servers.sorted(by: { $0.id.value < $1.id.value }) {
            var object = JSONObject()
            let host = server.host?.value ?? "localhost:9092"
            switch version {
            case .v3_0_0: object.set("host", .text(host))
            case .v2_6_0: object.set("url", .text(host))
            }
            object.set("protocol", .text(server.protocol?.value ?? "kafka"))
            object.setText("description", server.description?.value)
            if let url = registry?.url?.value, !url.isEmpty {
                var kafka = JSONObject()
                kafka.set("schemaRegistryUrl", .text(url))
                kafka.setText("schemaRegistryVendor", registry?.vendor?.value)
                kafka.set("bindingVersion", .text(version.kafkaBindingVersion))
                object.set("bindings", .members([("kafka", .object(kafka))]))
            }
            servers.set(server.id.value, .object(object))
        }
        return servers
    }

    // MARK: Channels

    /// The channel's descriptive fields (title, summary, description).
    func channelText(_ channel: CatalogTopology.Channel) -> JSONObject {
        var object = JSONObject()
        object.set("title", .text(channel.address))
        let events = channel.events.compactMap { catalog.event(named: $0) }
        if let dead = channel.deadLetterOf {
            object.set("summary", .text("Dead-letter topic of \(dead): records its consumers could not process."))
            object.set("description", .text(deadLetterDescription(channel, events: events)))
        } else if events.count == 1, let event = events.first {
            object.setText("summary", event.manifest?.summary?.value)
            object.setText("description", event.manifest?.description?.value)
        } else {
            object.set("summary", .text("Records of " + channel.events.joined(separator: ", ") + "."))
            let lines = events.map { "- `\($0.name)`: \($0.manifest?.summary?.value ?? "")" }
            object.set("description", .text("Several events share this topic:\n\n" + lines.joined(separator: "\n") + "\n"))
        }
        return object
    }

    private func deadLetterDescription(_ channel: CatalogTopology.Channel, events: [ResolvedEvent]) -> String {
        var text = "A consumer of `\(channel.deadLetterOf ?? "")` forwards a record here, unchanged and with its headers, "
            + "once processing it has failed on every retry. The dead-letter policy:\n\n"
        for event in events {
            guard let policy = CatalogTopology.deadLetterPolicy(of: event, in: catalog) else { continue }
            text += "- `\(event.name)`: " + DeadLetterText.sentence(policy) + "\n"
        }
        return text
    }

    func channelBinding(_ channel: CatalogTopology.Channel) -> JSONObject {
        var kafka = JSONObject()
        // No `topic`: the channel's address (3.0) or key (2.6) is the topic name.
        if let partitions = channel.partitions { kafka.set("partitions", .integer(partitions)) }
        kafka.set("topicConfiguration", .members([("cleanup.policy", .texts([channel.compacted ? "compact" : "delete"]))]))
        kafka.set("bindingVersion", .text(version.kafkaBindingVersion))
        return kafka
    }

    /// Extensions naming the channel's events and services.
    func channelExtensions(_ channel: CatalogTopology.Channel) -> JSONObject {
        var object = JSONObject()
        object.set("x-herald-events", .texts(channel.events))
        if let dead = channel.deadLetterOf {
            object.set("x-herald-dead-letter-of", .text(dead))
        } else {
            object.set("x-herald-producers", .texts(channel.producers))
            object.set("x-herald-consumers", .texts(channel.consumers))
        }
        return object
    }

    // MARK: Operations

    /// The Kafka operation binding: the consumer group for `receive`, the client ID for `send`.
    func operationBinding(service: String, receives: Bool) -> JSONObject {
        var tree = JSONTreeBuilder()
        walkOperationBinding(service: service, receives: receives, into: &tree)
        return tree.object
    }

    func walkOperationBinding<Sink: JSONEventSink>(service: String, receives: Bool, into sink: inout Sink) {
        sink.beginObject()
        sink.key(receives ? "groupId" : "clientId")
        sink.beginObject()
        sink.member("type", "string")
        sink.key("enum")
        sink.strings([service])
        sink.endObject()
        sink.member("bindingVersion", version.kafkaBindingVersion)
        sink.endObject()
    }

    // MARK: Messages

    /// The message object of one event version. In 2.6 it carries `messageId`, `schemaFormat` and the raw Avro payload.
    func message(_ message: CatalogTopology.Message) -> JSONObject {
        var tree = JSONTreeBuilder()
        walkMessage(message, fingerprint: fingerprint(of: message), into: &tree)
        return tree.object
    }

    /// The entry of `topology.messages[index]` in `components.messages`, rendered straight to both formats.
    func messageEntry(at index: Int) -> MessageEntry {
        let message = topology.messages[index]
        var writer = DualFormatWriter()
        writer.yaml.reserveCapacity(8192)
        writer.json.reserveCapacity(4096)
        writer.beginEntry(message.id, indent: MessageEntry.indent)
        walkMessage(message, fingerprint: fingerprint(of: message), into: &writer)
        return MessageEntry(yaml: writer.yaml, json: writer.json)
    }

    private func fingerprint(of message: CatalogTopology.Message) -> SchemaFingerprints {
        topology.messages.binarySearchIndex(id: message.id).map { fingerprints[$0] } ?? SchemaFingerprints(message)
    }

    /// The message object as a walk: the one description both the tree and the byte renderings follow.
    private func walkMessage<Sink: JSONEventSink>(_ message: CatalogTopology.Message, fingerprint: SchemaFingerprints, into sink: inout Sink) {
        let event = message.event
        let manifest = event.manifest
        sink.beginObject()
        if version == .v2_6_0 { sink.member("messageId", message.id) }
        sink.member("name", event.name)
        sink.member("title", "\(event.name) v\(message.version)")
        sink.member("summary", text: summary(of: event))
        sink.member("description", text: manifest?.description?.value)
        sink.member("contentType", Self.avroContentType)
        switch version {
        case .v3_0_0:
            sink.key("payload")
            sink.beginObject()
            sink.member("schemaFormat", Self.avroSchemaFormat)
            sink.key("schema")
            sink.avroSchema(message.schema)
            sink.endObject()
        case .v2_6_0:
            sink.member("schemaFormat", Self.avroSchemaFormat)
            sink.key("payload")
            sink.avroSchema(message.schema)
        }
        sink.key("headers")
        sink.reference("#/components/schemas/" + Self.headersSchemaID(event.name))
        sink.key("correlationId")
        sink.reference("#/components/correlationIds/" + Self.correlationID)
        sink.key("bindings")
        sink.beginObject()
        sink.key("kafka")
        walkMessageBinding(event, into: &sink)
        sink.endObject()
        let tags = tags(of: event)
        if !tags.isEmpty {
            sink.key("tags")
            sink.beginArray()
            for tag in tags {
                sink.beginObject()
                sink.member("name", tag)
                sink.endObject()
            }
            sink.endArray()
        }
        walkExamples(of: message, into: &sink)
        walkExtensions(of: message, fingerprint: fingerprint, into: &sink)
        sink.endObject()
    }

    private func summary(of event: ResolvedEvent) -> String? {
        let summary = event.manifest?.summary?.value
        guard event.manifest?.effectiveStatus == .deprecated else { return summary }
        if let summary, summary.lowercased().contains("deprecated") { return summary }
        let successors = topology.supersededBy[event.name] ?? []
        let note = successors.isEmpty ? "Deprecated." : "Deprecated: use \(successors.joined(separator: ", "))."
        return summary.map { note + " " + $0 } ?? note
    }

    private func tags(of event: ResolvedEvent) -> [String] {
        var tags = event.manifest?.tags.map(\.value) ?? []
        switch event.manifest?.effectiveStatus ?? .active {
        case .active: break
        case .deprecated: tags.append("deprecated")
        case .draft: tags.append("draft")
        }
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }

    /// The Kafka message binding: key and the Confluent wire format. An Avro record key is only accepted by binding
    /// 0.4.0's schema (0.5.0 takes a plain Schema Object), so such messages pin 0.4.0.
    func messageBinding(_ event: ResolvedEvent) -> JSONObject {
        var tree = JSONTreeBuilder()
        walkMessageBinding(event, into: &tree)
        return tree.object
    }

    private func walkMessageBinding<Sink: JSONEventSink>(_ event: ResolvedEvent, into sink: inout Sink) {
        sink.beginObject()
        var bindingVersion = version.kafkaBindingVersion
        switch event.manifest?.key {
        case .type(let type)?:
            sink.key("key")
            sink.value(KeySchema.jsonSchema(forAvroPrimitive: type.value))
        case .schema?:
            if let key = event.keySchema {
                sink.key("key")
                sink.avroSchema(key)
                bindingVersion = "0.4.0"
                // An Avro key is registered too, under the key subject of the topic.
                if registryDeclared { sink.member("x-herald-key-subject", event.topic + "-key") }
            }
        case nil:
            break
        }
        if registryDeclared {
            sink.member("schemaIdLocation", "payload")
            sink.member("schemaIdPayloadEncoding", "confluent")
            sink.member("schemaLookupStrategy", "TopicNameStrategy")
        }
        sink.member("bindingVersion", bindingVersion)
        sink.endObject()
    }

    /// The examples pinned to this version (or, for the latest version, the unpinned ones), by file name.
    private func walkExamples<Sink: JSONEventSink>(of message: CatalogTopology.Message, into sink: inout Sink) {
        let event = message.event
        // Each chosen example's file is parsed once, here.
        let payloads = event.examples.filter { example in
            switch example.kind {
            case .latest: message.isLatest
            case .pinned(let n): n == message.version
            case .invalid: false
            }
        }.sorted { $0.source.file < $1.source.file }.compactMap { example in
            example.document.map { (name: Self.exampleName(example.source.file), payload: $0.plain) }
        }
        guard !payloads.isEmpty else { return }
        let idField = event.manifest?.idField?.value ?? "eventId"
        sink.key("examples")
        sink.beginArray()
        for (name, payload) in payloads {
            sink.beginObject()
            sink.member("name", name)
            if case .object(let fields) = payload, case .string(let id)? = fields[idField] {
                sink.key("headers")
                sink.beginObject()
                sink.member(idField, id)
                sink.endObject()
            }
            sink.key("payload")
            sink.value(payload)
            sink.endObject()
        }
        sink.endArray()
    }

    static func exampleName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".json") ? String(file.dropLast(5)) : file
    }

    /// `x-herald-*` facts about the event version.
    func extensions(of message: CatalogTopology.Message) -> JSONObject {
        var tree = JSONTreeBuilder()
        tree.beginObject()
        walkExtensions(of: message, fingerprint: fingerprint(of: message), into: &tree)
        tree.endObject()
        return tree.object
    }

    /// The extensions as members of the object being walked.
    private func walkExtensions<Sink: JSONEventSink>(
        of message: CatalogTopology.Message, fingerprint: SchemaFingerprints, into sink: inout Sink
    ) {
        let event = message.event
        let manifest = event.manifest
        sink.member("x-herald-event", event.name)
        sink.key("x-herald-schema-version")
        sink.integer(message.version)
        sink.key("x-herald-latest")
        sink.bool(message.isLatest)
        sink.member("x-herald-status", (manifest?.effectiveStatus ?? .active).rawValue)
        if let owner = manifest?.owner?.value {
            sink.key("x-herald-owner")
            sink.beginObject()
            sink.member("team", owner)
            if let known = catalog.teams[owner] {
                sink.member("name", text: known.name?.value)
                sink.member("email", text: known.email?.value)
                sink.member("slack", text: known.slack?.value)
            }
            sink.endObject()
        }
        sink.key("x-herald-producers")
        sink.strings(manifest?.producers.map(\.value).sorted() ?? [])
        sink.key("x-herald-consumers")
        sink.strings(manifest?.consumers.map(\.value).sorted() ?? [])
        if let volume = manifest?.volume?.value {
            sink.key("x-herald-volume-per-day")
            sink.integer(volume.perDay)
        }
        sink.member("x-herald-compatibility", event.compatibility)
        sink.member("x-herald-subject", event.topic + "-value")
        sink.key("x-herald-fingerprint")
        sink.beginObject()
        sink.member("rabin", Hex.uint64(fingerprint.rabin))
        sink.member("sha256", Hex.bytes(fingerprint.sha256))
        sink.endObject()
        if let route = topology.deadLetters[message.eventIndex] {
            sink.key("x-herald-dlq")
            sink.value(.object(DeadLetterText.json(route.policy, topic: route.topic)))
        }
        if manifest?.effectiveStatus == .deprecated {
            sink.key("x-herald-deprecated")
            sink.beginObject()
            sink.key("supersededBy")
            sink.strings(topology.supersededBy[event.name] ?? [])
            sink.endObject()
        }
        if let old = manifest?.supersedes?.value { sink.member("x-herald-supersedes", old) }
    }

    // MARK: Components

    /// `<event>.headers`.
    static func headersSchemaID(_ event: String) -> String { event + ".headers" }

    /// The headers every record of the event carries: its ID (a copy of the payload's ID field) and the trace context.
    func headersSchema(_ event: ResolvedEvent) -> JSONValue {
        let idField = event.manifest?.idField?.value ?? "eventId"
        var schema = JSONObject()
        // The Schema Object's `deprecated` is the only deprecation flag the spec has near a message.
        if event.manifest?.effectiveStatus == .deprecated { schema.set("deprecated", .bool(true)) }
        for (key, value) in headersProperties(idField: idField).members { schema.set(key, value) }
        return .object(schema)
    }

    private func headersProperties(idField: String) -> JSONObject {
        let members: [(String, JSONValue)] = [
            ("type", .text("object")),
            ("properties", .members([
                (idField, .members([
                    ("type", .text("string")),
                    ("description", .text("The event's ID, a copy of the payload field `\(idField)`; consumers deduplicate on it without decoding the value.")),
                ])),
                ("traceparent", .members([
                    ("type", .text("string")),
                    ("description", .text("W3C Trace Context `traceparent` of the work that produced the event.")),
                    ("pattern", .text("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")),
                ])),
            ])),
        ]
        return JSONObject(members.map { (key: $0.0, value: $0.1) })
    }

    /// `components.correlationIds`.
    func correlationIDs() -> JSONObject {
        JSONObject([(Self.correlationID, .members([
            ("description", .text("Records produced while handling one request share its W3C trace context.")),
            ("location", .text("$message.header#/traceparent")),
        ]))])
    }

    /// `components.schemas`: the headers schema of every event in `events`.
    func componentSchemas(events: [String]) -> JSONObject {
        var schemas = MemberList()
        for name in events.sorted() {
            guard let event = catalog.event(named: name) else { continue }
            schemas.set(Self.headersSchemaID(name), headersSchema(event))
        }
        return schemas.object
    }
}

/// Lower-case hexadecimal spellings of fingerprints.
enum Hex {
    /// 16 digits, most significant first (as Java's `Long.toHexString` of the Rabin fingerprint, zero-padded).
    static func uint64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Two lower-case digits per byte.
    static func bytes(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The key schema as the Kafka message binding 0.5.0 wants it: a JSON Schema Object.
enum KeySchema {
    /// The JSON Schema for a key serialised as an Avro primitive.
    static func jsonSchema(forAvroPrimitive type: String) -> JSONValue {
        switch type {
        case "int": .members([("type", .text("integer")), ("format", .text("int32"))])
        case "long": .members([("type", .text("integer")), ("format", .text("int64"))])
        case "float", "double": .members([("type", .text("number")), ("format", .text(type))])
        case "boolean": .members([("type", .text("boolean"))])
        case "bytes": .members([("type", .text("string")), ("format", .text("binary"))])
        case "null": .members([("type", .text("null"))])
        default: .members([("type", .text("string"))])
        }
    }
}

/// How a DLQ policy is written: as an extension object and as a sentence.
enum DeadLetterText {
    static func json(_ policy: DLQPolicy, topic: String) -> JSONObject {
        var object = JSONObject()
        object.set("topic", .text(topic))
        if let retries = policy.retries { object.set("retries", .integer(retries)) }
        if let backoff = policy.backoff {
            var b = JSONObject()
            if let ms = backoff.initialMilliseconds { b.set("initialMs", .integer(ms)) }
            if let multiplier = backoff.multiplier { b.set("multiplier", .number(JSONNumber(multiplier))) }
            if let ms = backoff.maxMilliseconds { b.set("maxMs", .integer(ms)) }
            object.setObject("backoff", b)
        }
        if let alert = policy.alert { object.set("alert", .bool(alert)) }
        return object
    }

    static func sentence(_ policy: DLQPolicy) -> String {
        var parts: [String] = []
        if let retries = policy.retries { parts.append(retries == 1 ? "1 retry" : "\(retries) retries") }
        if let backoff = policy.backoff {
            var text = "backoff"
            if let ms = backoff.initialMilliseconds { text += " from " + duration(ms) }
            if let m = backoff.multiplier { text += " ×" + (m == m.rounded() && abs(m) < 1e9 ? String(Int(m)) : String(m)) }
            if let ms = backoff.maxMilliseconds { text += " up to " + duration(ms) }
            parts.append(text)
        }
        if policy.alert == true { parts.append("the owning team is alerted") }
        return parts.isEmpty ? "dead-lettered on failure." : parts.joined(separator: ", ") + "."
    }

    /// `500 ms`, `30 s`, `2 min`, `1 h`: the largest unit that divides the duration.
    static func duration(_ ms: Int) -> String {
        if ms != 0, ms % 3_600_000 == 0 { return "\(ms / 3_600_000) h" }
        if ms != 0, ms % 60_000 == 0 { return "\(ms / 60_000) min" }
        if ms != 0, ms % 1000 == 0 { return "\(ms / 1000) s" }
        return "\(ms) ms"
    }
}
