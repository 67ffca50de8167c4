import HeraldDiagnostics

/// Compatibility modes in catalog.yaml defaults and event.yaml are ones Herald knows.
struct CompatibilityModeRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.compatibilityModeUnknown] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var written: [(Located<String>, String?)] = []
        if let mode = catalog.manifest.defaults.compatibility { written.append((mode, nil)) }
        for event in catalog.events {
            if let mode = event.manifest?.compatibility { written.append((mode, event.name)) }
        }
        return written.compactMap { mode, event in
            CatalogCompatibility.mode(named: mode.value) != nil ? nil : Diagnostic(
                CatalogRules.compatibilityModeUnknown, message: "unknown compatibility mode '\(mode.value)'",
                hint: NameSuggestion.hint(for: mode.value.uppercased(), in: CatalogCompatibility.names)
                    ?? "Use one of \(CatalogCompatibility.names.joined(separator: ", ")).",
                location: mode.location, event: event)
        }
    }
}

/// Topics are legal Kafka names and not shared between events.
struct TopicRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.topicInvalid, CatalogRules.topicDuplicate] }

    static func isLegal(_ topic: String) -> Bool {
        guard !topic.isEmpty, topic.utf8.count <= 249, topic != ".", topic != ".." else { return false }
        return topic.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var owner: [String: String] = [:]
        for event in catalog.events {
            let location = event.manifest?.topic?.location ?? event.location
            if !Self.isLegal(event.topic) {
                found.append(Diagnostic(
                    CatalogRules.topicInvalid, message: "topic '\(event.topic)' is not a legal Kafka topic name", location: location, event: event.name))
                continue
            }
            if let first = owner[event.topic] {
                found.append(Diagnostic(
                    CatalogRules.topicDuplicate, message: "topic '\(event.topic)' is also the topic of event '\(first)'",
                    hint: "Give each event its own topic.", location: location, event: event.name))
            } else {
                owner[event.topic] = event.name
            }
        }
        return found
    }
}
