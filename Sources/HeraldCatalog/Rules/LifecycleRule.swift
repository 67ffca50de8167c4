import HeraldDiagnostics

/// supersedes links point at real events, form no cycles, and deprecation is consistent with them.
struct LifecycleRule: CatalogRule {
    var descriptors: [RuleDescriptor] {
        [CatalogRules.supersedesUnknown, CatalogRules.supersedesCycle, CatalogRules.supersededNotDeprecated,
         CatalogRules.deprecatedWithoutSuccessor, CatalogRules.deprecatedEventConsumed]
    }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var successors: [String: [String]] = [:]
        let names = catalog.events.map(\.name)
        for event in catalog.events {
            guard let manifest = event.manifest, let target = manifest.supersedes else { continue }
            guard let old = catalog.event(named: target.value) else {
                found.append(Diagnostic(
                    CatalogRules.supersedesUnknown, message: "supersedes '\(target.value)', which is not an event of the catalog",
                    hint: NameSuggestion.hint(for: target.value, in: names), location: target.location, event: event.name))
                continue
            }
            if Self.inCycle(event.name, catalog) {
                found.append(Diagnostic(
                    CatalogRules.supersedesCycle,
                    message: target.value == event.name ? "event '\(event.name)' supersedes itself" : "supersedes links starting at '\(event.name)' form a cycle",
                    location: target.location, event: event.name))
                continue
            }
            successors[old.name, default: []].append(event.name)
            if manifest.effectiveStatus == .active, old.manifest?.effectiveStatus != .deprecated, old.manifest != nil {
                found.append(Diagnostic(
                    CatalogRules.supersededNotDeprecated, message: "'\(old.name)' is superseded by active '\(event.name)' but is not deprecated",
                    hint: "Set 'status: deprecated' in \(old.manifestFile).", location: old.manifest?.status?.location ?? old.location, event: old.name))
            }
        }
        for event in catalog.events {
            guard let manifest = event.manifest, manifest.effectiveStatus == .deprecated else { continue }
            let statusLocation = manifest.status?.location ?? event.location
            let next = successors[event.name]?.sorted()
            if next == nil {
                found.append(Diagnostic(
                    CatalogRules.deprecatedWithoutSuccessor, message: "deprecated event '\(event.name)' has no successor",
                    hint: "Add 'supersedes: \(event.name)' to the event that replaces it.", location: statusLocation, event: event.name))
            }
            if let first = manifest.consumers.first {
                let list = manifest.consumers.map(\.value).joined(separator: ", ")
                found.append(Diagnostic(
                    CatalogRules.deprecatedEventConsumed,
                    message: "deprecated event '\(event.name)' is still consumed by \(list)",
                    hint: next.map { "Move the consumers to \($0.joined(separator: ", "))." },
                    location: first.location, event: event.name, impact: catalog.impact(of: event)))
            }
        }
        return found
    }

    /// True when following supersedes from `start` comes back to it.
    static func inCycle(_ start: String, _ catalog: ResolvedCatalog) -> Bool {
        var seen = Set<String>()
        var current = start
        while let next = catalog.event(named: current)?.manifest?.supersedes?.value, seen.insert(current).inserted {
            if next == start { return true }
            current = next
        }
        return false
    }
}
