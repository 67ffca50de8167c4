import HeraldCatalog

/// The catalog cross-referenced for the site: who produces, consumes and owns what, domains, and file names.
public struct SiteIndex: Sendable, Equatable {
    /// A domain: the first folder under the catalog root, or the event name's first part for events at the root.
    public struct Domain: Sendable, Hashable {
        public var name: String
        public var slug: String
        /// Indices into `ResolvedCatalog.events`, sorted by event name.
        public var events: [Int]
    }

    /// A service with the events it produces and consumes.
    public struct Service: Sendable, Hashable {
        public var id: String
        public var slug: String
        /// False when events reference the service but catalog.yaml does not declare it.
        public var declared: Bool
        public var produces: [Int]
        public var consumes: [Int]
    }

    /// A team with the events and services it owns.
    public struct Team: Sendable, Hashable {
        public var id: String
        public var slug: String
        public var declared: Bool
        public var events: [Int]
        public var services: [String]
    }

    /// Event indices sorted by name.
    public var eventOrder: [Int]
    /// Page slug by event index.
    public var eventSlugs: [String]
    /// Domain slug by event index.
    public var eventDomain: [String]
    /// Domains sorted by name.
    public var domains: [Domain]
    /// Services sorted by ID, declared or referenced.
    public var services: [Service]
    /// Teams sorted by ID, declared or referenced.
    public var teams: [Team]
    /// Events superseding an event, by the superseded event's name.
    public var supersededBy: [String: [Int]]
    /// Position in `services` by service ID.
    public var serviceByID: [String: Int]
    /// Position in `teams` by team ID.
    public var teamByID: [String: Int]
    /// Position in `domains` by slug.
    public var domainBySlug: [String: Int]

    /// Cross-references `catalog` in one pass over its events.
    public init(_ catalog: ResolvedCatalog) {
        let events = catalog.events
        eventOrder = events.indices.sorted { (events[$0].name, events[$0].folder) < (events[$1].name, events[$1].folder) }
        var eventSlugger = Slugger()
        var slugs = Array(repeating: "", count: events.count)
        for index in eventOrder { slugs[index] = eventSlugger.slug(for: events[index].name) }
        eventSlugs = slugs

        var domainEvents: [String: [Int]] = [:]
        var domainOf = Array(repeating: "", count: events.count)
        for index in eventOrder {
            let name = Self.domainName(of: events[index])
            domainEvents[name, default: []].append(index)
            domainOf[index] = name
        }
        var domainSlugger = Slugger()
        var domainSlugByName: [String: String] = [:]
        domains = domainEvents.keys.sorted().map { name in
            let slug = domainSlugger.slug(for: name)
            domainSlugByName[name] = slug
            return Domain(name: name, slug: slug, events: domainEvents[name] ?? [])
        }
        eventDomain = domainOf.map { domainSlugByName[$0] ?? "" }
        domainBySlug = Dictionary(uniqueKeysWithValues: domains.enumerated().map { ($1.slug, $0) })

        var produces: [String: [Int]] = [:], consumes: [String: [Int]] = [:], owns: [String: [Int]] = [:]
        var superseding: [String: [Int]] = [:]
        for index in eventOrder {
            guard let manifest = events[index].manifest else { continue }
            for id in Set(manifest.producers.map(\.value)) { produces[id, default: []].append(index) }
            for id in Set(manifest.consumers.map(\.value)) { consumes[id, default: []].append(index) }
            if let owner = manifest.owner?.value { owns[owner, default: []].append(index) }
            if let old = manifest.supersedes?.value { superseding[old, default: []].append(index) }
        }
        supersededBy = superseding

        let serviceIDs = Set(catalog.services.keys).union(produces.keys).union(consumes.keys).sorted()
        var serviceSlugger = Slugger()
        services = serviceIDs.map { id in
            Service(id: id, slug: serviceSlugger.slug(for: id), declared: catalog.services[id] != nil,
                    produces: produces[id] ?? [], consumes: consumes[id] ?? [])
        }
        serviceByID = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1.id, $0) })

        var ownedServices: [String: [String]] = [:]
        for id in catalog.services.keys.sorted() {
            if let owner = catalog.services[id]?.owner?.value { ownedServices[owner, default: []].append(id) }
        }
        let teamIDs = Set(catalog.teams.keys).union(owns.keys).union(ownedServices.keys).sorted()
        var teamSlugger = Slugger()
        teams = teamIDs.map { id in
            Team(id: id, slug: teamSlugger.slug(for: id), declared: catalog.teams[id] != nil,
                 events: owns[id] ?? [], services: ownedServices[id] ?? [])
        }
        teamByID = Dictionary(uniqueKeysWithValues: teams.enumerated().map { ($1.id, $0) })
    }

    /// The domain rule: an event in `orders/order.placed/` is in `orders`; one directly under the root takes its
    /// name's first dot-separated part (`order.placed` → `order`).
    public static func domainName(of event: ResolvedEvent) -> String {
        let parts = event.folder.split(separator: "/")
        if parts.count >= 2, let first = parts.first { return String(first) }
        return event.name.split(separator: ".").first.map(String.init) ?? event.name
    }
}

/// Safe, unique file names: letters, digits, `.`, `_` and `-` are kept, anything else becomes `-`.
struct Slugger {
    private var used: Set<String> = []

    mutating func slug(for name: String) -> String {
        var base = String(name.unicodeScalars.map { scalar -> Character in
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return ok ? Character(scalar) : "-"
        })
        if base.isEmpty || base.allSatisfy({ $0 == "." }) { base = "item" }
        if base.hasPrefix(".") { base = "-" + base.dropFirst() }
        var candidate = base
        var counter = 2
        // Case-insensitive file systems would merge names differing only in case.
        while used.contains(candidate.lowercased()) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }
}
