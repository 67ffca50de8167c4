import HeraldCatalog

extension SiteIndex {
    /// A digest of every stored property (dictionaries in key order), so two builds in different processes can
    /// tell whether their catalogs cross-reference alike (`SiteSelection.of(_:changedEvents:)`'s precondition).
    /// A property added to `SiteIndex` must be added here too (a test counts them).
    public var digest: String {
        var digest = ContentDigest()
        func add(_ label: String, _ numbers: [Int]) { digest.update(field: label + " " + numbers.map(String.init).joined(separator: ",")) }
        add("order", eventOrder)
        for slug in eventSlugs { digest.update(field: slug) }
        digest.update(field: "domains of events")
        for slug in eventDomain { digest.update(field: slug) }
        for domain in domains {
            digest.update(field: "domain " + domain.name)
            digest.update(field: domain.slug)
            add("events", domain.events)
        }
        for service in services {
            digest.update(field: "service " + service.id)
            digest.update(field: service.slug + (service.declared ? " declared" : " referenced"))
            add("produces", service.produces)
            add("consumes", service.consumes)
        }
        for team in teams {
            digest.update(field: "team " + team.id)
            digest.update(field: team.slug + (team.declared ? " declared" : " referenced"))
            add("events", team.events)
            for service in team.services { digest.update(field: service) }
        }
        for name in supersededBy.keys.sorted() { add("superseded " + name, supersededBy[name]!) }
        for id in serviceByID.keys.sorted() { add("service " + id, [serviceByID[id]!]) }
        for id in teamByID.keys.sorted() { add("team " + id, [teamByID[id]!]) }
        for slug in domainBySlug.keys.sorted() { add("domain " + slug, [domainBySlug[slug]!]) }
        return digest.hex
    }
}
