import Foundation
import HeraldAvro
import HeraldCatalog

/// The "Use this event" panel of an event page: where the event lives (topic, key, subjects, registry, cluster),
/// what its compatibility mode lets a producer change, how consumer groups are named, and snippets to consume and
/// produce it with confluent-kafka (Python), the Java client and kcat.
extension SiteRenderer {
    func usageContext(_ event: ResolvedEvent) -> TemplateValue {
        let topic = event.topic
        let mode = CompatibilityMode(parsing: event.compatibility) ?? .backward
        let key = UsageKey(event.manifest?.key)
        let convention = catalog.manifest.consumerGroup?.value
        let group = convention.map { ConsumerGroupName.name($0, service: UsagePanel.yourService, event: event.name, topic: topic) }
            ?? UsagePanel.yourService
        let examples = (event.manifest?.consumers ?? []).map {
            TemplateValue.text(ConsumerGroupName.name(convention ?? "", service: $0.value, event: event.name, topic: topic))
        }
        let snippets = usage.snippets(for: key.kind)
        var topicBytes: [UInt8] = []
        HTMLText.appendEscaped(topic, to: &topicBytes)
        var groupBytes: [UInt8] = []
        HTMLText.appendEscaped(UsageSnippets.literalContent(group), to: &groupBytes)
        func list(_ prepared: [UsagePanel.Snippet]) -> TemplateValue {
            .list(prepared.map { ["id": .text($0.id), "title": .text($0.title), "code": .utf8($0.code.render(topic: topicBytes, group: groupBytes))] })
        }
        return [
            "topic": .text(topic),
            "key": .text(key.description),
            "valueSubject": .text(topic + "-value"),
            "keySubject": key.isAvro ? .text(topic + "-key") : false,
            "registry": .text(usage.registry),
            "registryDeclared": .bool(usage.registryDeclared),
            "bootstrap": .text(usage.bootstrap),
            "server": .optional(usage.server),
            "mode": .text(mode.rawValue),
            "allows": .text(UsagePanel.allowedChanges(mode)),
            "groupConvention": .optional(convention),
            "groupExamples": convention == nil ? [] : .list(examples),
            "hasGroupExamples": .bool(convention != nil && !examples.isEmpty),
            "consume": list(snippets.consume),
            "produce": list(snippets.produce),
        ]
    }
}

/// What the panel shares across a catalog's events: the registry and cluster, and the snippets for each way of
/// writing keys, escaped for HTML once with the topic and the group left open.
struct UsagePanel: Sendable {
    /// The registry URL snippets use when catalog.yaml names none: `herald broker`'s registry.
    static let fallbackRegistry = "http://localhost:8081"
    /// The bootstrap address snippets use when catalog.yaml lists no plaintext cluster: `herald broker`'s.
    static let fallbackBootstrap = "localhost:9092"
    /// Stands for the reader's own service in group IDs.
    static let yourService = "your-service"

    struct Snippet: Sendable {
        var id: String
        var title: String
        var code: SnippetTemplate
    }

    let registry: String
    let registryDeclared: Bool
    let bootstrap: String
    /// The catalog.yaml server the bootstrap address comes from.
    let server: String?
    private let byKey: [UsageKey.Writing: (consume: [Snippet], produce: [Snippet])]

    init(_ manifest: CatalogManifest) {
        registryDeclared = manifest.registry?.url?.value != nil
        registry = manifest.registry?.url?.value ?? Self.fallbackRegistry
        // Snippets connect without TLS or SASL settings, so they name the first plaintext cluster.
        let plaintext = manifest.servers.first { $0.protocol?.value == "kafka" && $0.host != nil }
        bootstrap = plaintext?.host?.value ?? Self.fallbackBootstrap
        server = plaintext?.id.value
        var byKey: [UsageKey.Writing: (consume: [Snippet], produce: [Snippet])] = [:]
        for writing in UsageKey.Writing.allCases {
            let code = UsageSnippets(topic: SnippetTemplate.topicMark, bootstrap: bootstrap, registry: registry,
                                     group: SnippetTemplate.groupMark, key: writing)
            byKey[writing] = (
                consume: [
                    Snippet(id: "use-python-consume", title: "Python (confluent-kafka)", code: SnippetTemplate(code.pythonConsumer)),
                    Snippet(id: "use-java-consume", title: "Java (KafkaAvroDeserializer)", code: SnippetTemplate(code.javaConsumer)),
                    Snippet(id: "use-kcat-consume", title: "kcat", code: SnippetTemplate(code.kcatConsumer)),
                ],
                produce: [
                    Snippet(id: "use-python-produce", title: "Python (confluent-kafka)", code: SnippetTemplate(code.pythonProducer)),
                    Snippet(id: "use-java-produce", title: "Java (KafkaAvroSerializer)", code: SnippetTemplate(code.javaProducer)),
                ])
        }
        self.byKey = byKey
    }

    func snippets(for writing: UsageKey.Writing) -> (consume: [Snippet], produce: [Snippet]) { byKey[writing] ?? ([], []) }

    /// What a mode lets the next version change, as Confluent's registry enforces it.
    static func allowedChanges(_ mode: CompatibilityMode) -> String {
        let against = mode.isTransitive ? "every earlier version" : "the previous version"
        switch mode {
        case .none:
            return "Any change is registered; nothing guarantees that consumers can still read new data. Coordinate every change with the consumers."
        case .backward, .backwardTransitive:
            return "A new version may delete fields and add fields that have defaults, checked against \(against). Consumers upgrade first: a consumer on the new schema reads data written with the old one."
        case .forward, .forwardTransitive:
            return "A new version may add fields and delete fields that have defaults, checked against \(against). Producers upgrade first: consumers still on the old schema read data written with the new one."
        case .full, .fullTransitive:
            return "A new version may only add or delete fields that have defaults, checked against \(against). Producers and consumers upgrade in any order."
        }
    }
}

/// A snippet's text, HTML-escaped, with places for the topic and the consumer group.
struct SnippetTemplate: Sendable {
    /// Marks that stand for the topic and the group in the text given to `init` (control characters, which no
    /// catalog value brings into a snippet: topics are legal Kafka names, groups are written as escaped literals).
    static let topicMark = "\u{1}T"
    static let groupMark = "\u{1}G"

    enum Part: Sendable { case text([UInt8]), topic, group }
    let parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let mark = rest.firstIndex(of: "\u{1}") {
            var escaped: [UInt8] = []
            HTMLText.appendEscaped(String(rest[..<mark]), to: &escaped)
            parts.append(.text(escaped))
            let kind = rest.index(after: mark)
            parts.append(rest[kind] == "T" ? .topic : .group)
            rest = rest[rest.index(after: kind)...]
        }
        var escaped: [UInt8] = []
        HTMLText.appendEscaped(String(rest), to: &escaped)
        parts.append(.text(escaped))
        self.parts = parts
    }

    /// The escaped text with the (already escaped) topic and group in their places.
    func render(topic: [UInt8], group: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        for part in parts {
            switch part {
            case .text(let bytes): out.append(contentsOf: bytes)
            case .topic: out.append(contentsOf: topic)
            case .group: out.append(contentsOf: group)
            }
        }
        return out
    }
}

/// How the record key is written, as `herald publish-examples` and the catalog's producers write it.
struct UsageKey {
    /// What the snippets differ by.
    enum Writing: Hashable, CaseIterable, Sendable { case string, avro, bytes }
    let writing: Writing
    let description: String

    init(_ key: EventKey?) {
        switch key {
        case .type(let type)? where type.value == "string":
            (writing, description) = (.string, "string (UTF-8, Kafka's StringSerializer)")
        case .type(let type)?:
            (writing, description) = (.bytes, type.value)
        case .schema(let file)?:
            (writing, description) = (.avro, "Avro record (\(file.value)), Confluent-framed")
        case nil:
            (writing, description) = (.bytes, "not declared")
        }
    }

    var kind: Writing { writing }
    var isAvro: Bool { writing == .avro }
}

/// A group ID from the catalog's convention: `{service}`, `{event}` and `{topic}` are replaced, the rest kept.
enum ConsumerGroupName {
    static func name(_ convention: String, service: String, event: String, topic: String) -> String {
        convention.replacingOccurrences(of: "{service}", with: service)
            .replacingOccurrences(of: "{event}", with: event)
            .replacingOccurrences(of: "{topic}", with: topic)
    }
}
