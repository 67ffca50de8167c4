import HeraldDiagnostics

/// Every team and service an event or service names exists in catalog.yaml (with did-you-mean hints).
struct ReferenceRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.teamUnknown, CatalogRules.serviceUnknown] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        // Without a readable catalog.yaml every reference would be "unknown"; its own finding says why.
        guard catalog.hasManifest else { return [] }
        var found: [Diagnostic] = []
        let teamIDs = catalog.teams.keys.sorted(), serviceIDs = catalog.services.keys.sorted()
        // A mistyped teams: or services: section is reported once, not as every reference into it.
        let checksTeams = !catalog.manifest.mistypedSections.contains("teams")
        let checksServices = !catalog.manifest.mistypedSections.contains("services")
        func team(_ reference: Located<String>, _ whose: String, event: String?) {
            guard checksTeams, catalog.teams[reference.value] == nil else { return }
            found.append(Diagnostic(
                CatalogRules.teamUnknown, message: "\(whose) '\(reference.value)' is not a team in catalog.yaml",
                hint: NameSuggestion.hint(for: reference.value, in: teamIDs) ?? "Declare it under teams: in catalog.yaml.",
                location: reference.location, event: event))
        }
        func service(_ reference: Located<String>, _ role: String, event: String?) {
            guard checksServices, catalog.services[reference.value] == nil else { return }
            found.append(Diagnostic(
                CatalogRules.serviceUnknown, message: "\(role) '\(reference.value)' is not a service in catalog.yaml",
                hint: NameSuggestion.hint(for: reference.value, in: serviceIDs) ?? "Declare it under services: in catalog.yaml.",
                location: reference.location, event: event))
        }
        for service in catalog.manifest.services {
            if let owner = service.owner { team(owner, "owner of service '\(service.id.value)'", event: nil) }
        }
        for delivery in catalog.manifest.deliveries { service(delivery.service, "delivery target", event: nil) }
        for event in catalog.events {
            guard let manifest = event.manifest else { continue }
            if let owner = manifest.owner { team(owner, "owner", event: event.name) }
            for producer in manifest.producers { service(producer, "producer", event: event.name) }
            for consumer in manifest.consumers { service(consumer, "consumer", event: event.name) }
        }
        return found
    }
}

/// Teams give a way to reach them.
struct TeamContactRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.teamContactMissing] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        catalog.manifest.teams.compactMap { team in
            let hasContact = !(team.email?.value.isEmpty ?? true) || !(team.slack?.value.isEmpty ?? true)
            return hasContact ? nil : Diagnostic(
                CatalogRules.teamContactMissing, message: "team '\(team.id.value)' has neither an email nor a slack channel",
                hint: "Add 'email:' or 'slack:' so consumers can reach the team.", location: team.id.location)
        }
    }
}

/// Services name an owning team.
struct ServiceOwnerRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.serviceOwnerMissing] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        catalog.manifest.services.compactMap { service in
            service.owner == nil ? Diagnostic(
                CatalogRules.serviceOwnerMissing, message: "service '\(service.id.value)' has no owner",
                hint: "Add 'owner: <team>' so impact reports can name the team.", location: service.id.location) : nil
        }
    }
}

/// Declared services take part in at least one event.
struct ServiceUsageRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.serviceUnused] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        guard catalog.hasManifest else { return [] }
        var used = Set<String>()
        for event in catalog.events {
            for reference in (event.manifest?.producers ?? []) + (event.manifest?.consumers ?? []) { used.insert(reference.value) }
        }
        return catalog.manifest.services.compactMap { service in
            used.contains(service.id.value) ? nil : Diagnostic(
                CatalogRules.serviceUnused, message: "service '\(service.id.value)' neither produces nor consumes any event",
                hint: "Remove it, or list it as producer or consumer of the events it uses.", location: service.id.location)
        }
    }
}
