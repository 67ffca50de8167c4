import Foundation
import HeraldAvro
import HeraldCatalog

/// The "Use this event" panel of an event page: where the event lives (topic, key, subjects, registry, cluster),
/// what its compatibility mode lets a producer change, how consumer groups are named, and snippets to consume and
/// produce it with confluent-kafka (Python), the Java client and kcat.
extension SiteRenderer {
    /// The registry URL snippets use when catalog.yaml names none: `herald broker`'s registry.
    static let fallbackRegistry = "http://localhost:8081"
    /// The bootstrap address snippets use when catalog.yaml lists no plaintext cluster: `herald broker`'s.
    static let fallbackBootstrap = "localhost:9092"
    /// Stands for the reader's own service in group IDs.
    static let yourService = "your-service"

    func usageContext(_ event: ResolvedEvent) -> TemplateValue {
        let topic = event.topic
        let registryURL = catalog.manifest.registry?.url?.value
        let registry = registryURL ?? Self.fallbackRegistry
        // Snippets connect without TLS or SASL settings, so they name the first plaintext cluster.
        let server = catalog.manifest.servers.first { $0.protocol?.value == "kafka" && $0.host != nil }
        let bootstrap = server?.host?.value ?? Self.fallbackBootstrap
        let mode = CompatibilityMode(parsing: event.compatibility) ?? .backward
        let key = UsageKey(event.manifest?.key)
        let convention = catalog.manifest.consumerGroup?.value
        let group = convention.map { ConsumerGroupName.name($0, service: Self.yourService, event: event.name, topic: topic) }
            ?? Self.yourService
        let examples = (event.manifest?.consumers ?? []).map {
            TemplateValue.text(ConsumerGroupName.name(convention ?? "", service: $0.value, event: event.name, topic: topic))
        }
        let snippets = UsageSnippets(topic: topic, bootstrap: bootstrap, registry: registry, group: group, key: key)
        func snippet(_ id: String, _ title: String, _ text: String) -> TemplateValue {
            ["id": .text(id), "title": .text(title), "text": .text(text)]
        }
        return [
            "topic": .text(topic),
            "key": .text(key.description),
            "valueSubject": .text(topic + "-value"),
            "keySubject": key.isAvro ? .text(topic + "-key") : false,
            "registry": .text(registry),
            "registryDeclared": .bool(registryURL != nil),
            "bootstrap": .text(bootstrap),
            "server": .optional(server?.id.value),
            "mode": .text(mode.rawValue),
            "allows": .text(Self.allowedChanges(mode)),
            "groupConvention": .optional(convention),
            "groupExamples": convention == nil ? [] : .list(examples),
            "hasGroupExamples": .bool(convention != nil && !examples.isEmpty),
            "consume": .list([
                snippet("use-python-consume", "Python (confluent-kafka)", snippets.pythonConsumer),
                snippet("use-java-consume", "Java (KafkaAvroDeserializer)", snippets.javaConsumer),
                snippet("use-kcat-consume", "kcat", snippets.kcatConsumer),
            ]),
            "produce": .list([
                snippet("use-python-produce", "Python (confluent-kafka)", snippets.pythonProducer),
                snippet("use-java-produce", "Java (KafkaAvroSerializer)", snippets.javaProducer),
            ]),
        ]
    }

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

/// How the record key is written, as `herald publish-examples` and the catalog's producers write it.
struct UsageKey {
    enum Kind { case none, string, avro, primitive(String) }
    let kind: Kind
    let description: String

    init(_ key: EventKey?) {
        switch key {
        case .type(let type)? where type.value == "string":
            (kind, description) = (.string, "string (UTF-8, Kafka's StringSerializer)")
        case .type(let type)?:
            (kind, description) = (.primitive(type.value), type.value)
        case .schema(let file)?:
            (kind, description) = (.avro, "Avro record (\(file.value)), Confluent-framed")
        case nil:
            (kind, description) = (.none, "not declared")
        }
    }

    var isAvro: Bool { if case .avro = kind { true } else { false } }
}

/// A group ID from the catalog's convention: `{service}`, `{event}` and `{topic}` are replaced, the rest kept.
enum ConsumerGroupName {
    static func name(_ convention: String, service: String, event: String, topic: String) -> String {
        convention.replacingOccurrences(of: "{service}", with: service)
            .replacingOccurrences(of: "{event}", with: event)
            .replacingOccurrences(of: "{topic}", with: topic)
    }
}
