import HeraldDiagnostics

/// Every event has a summary, an owner and a producer.
struct RequiredMetadataRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.summaryMissing, CatalogRules.ownerMissing, CatalogRules.producerMissing] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for event in catalog.events {
            guard let manifest = event.manifest else { continue }
            // A key written with an empty value is reported at that key; a mistyped one is already reported.
            func location(_ key: String, _ value: SourceLocation?) -> SourceLocation { value ?? manifest.keyLocations[key] ?? event.location }
            if !manifest.mistypedKeys.contains("summary"), manifest.summary?.value.trimmingSpaces.isEmpty ?? true {
                found.append(Diagnostic(
                    CatalogRules.summaryMissing, message: "event '\(event.name)' has no summary",
                    hint: "Add 'summary: <one sentence>' to event.yaml.", location: location("summary", manifest.summary?.location), event: event.name))
            }
            if !manifest.mistypedKeys.contains("owner"), manifest.owner?.value.isEmpty ?? true {
                found.append(Diagnostic(
                    CatalogRules.ownerMissing, message: "event '\(event.name)' has no owner",
                    hint: "Add 'owner: <team>' to event.yaml.", location: location("owner", manifest.owner?.location), event: event.name))
            }
            if !manifest.mistypedKeys.contains("producer"), manifest.producers.isEmpty {
                found.append(Diagnostic(
                    CatalogRules.producerMissing, message: "event '\(event.name)' has no producer",
                    hint: "Add 'producer: <service>' to event.yaml.", location: location("producer", nil), event: event.name))
            }
        }
        return found
    }
}

/// A service is not both producer and consumer of the same event.
struct ProducerConsumerRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.producerAlsoConsumer] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        catalog.events.flatMap { event -> [Diagnostic] in
            guard let manifest = event.manifest else { return [] }
            let producers = Set(manifest.producers.map(\.value))
            return manifest.consumers.filter { producers.contains($0.value) }.map { consumer in
                Diagnostic(
                    CatalogRules.producerAlsoConsumer, message: "'\(consumer.value)' is both producer and consumer of '\(event.name)'",
                    location: consumer.location, event: event.name)
            }
        }
    }
}
