import HeraldCatalog

/// Everything a page context needs: the catalog, its cross-references and the Markdown renderer.
struct SiteRenderer: Sendable {
    let catalog: ResolvedCatalog
    let siteIndex: SiteIndex
    let markdown: MarkdownRenderer
    let asyncAPI: [AsyncAPIDocumentLink]
    /// Positions in `asyncAPI` of the documents naming each event, so pages look them up without scanning.
    let asyncAPIByEvent: [String: [Int]]
    /// The "Use this event" snippets, escaped once per catalog; each page fills in its topic and group.
    let usage: UsagePanel

    init(catalog: ResolvedCatalog, siteIndex: SiteIndex, markdown: MarkdownRenderer, asyncAPI: [AsyncAPIDocumentLink]) {
        self.catalog = catalog
        self.siteIndex = siteIndex
        self.markdown = markdown
        self.asyncAPI = asyncAPI
        var byEvent: [String: [Int]] = [:]
        for (position, document) in asyncAPI.enumerated() {
            for event in Set(document.events) { byEvent[event, default: []].append(position) }
        }
        asyncAPIByEvent = byEvent
        usage = UsagePanel(catalog.manifest)
    }

    // MARK: Links (root-relative URLs)

    func eventURL(_ index: Int) -> String { "events/\(siteIndex.eventSlugs[index]).html" }

    func eventLink(_ index: Int) -> [String: TemplateValue] {
        let event = catalog.events[index]
        return [
            "name": .text(event.name), "url": .text(eventURL(index)),
            "summary": .optional(event.manifest?.summary?.value),
            "deprecated": .bool(event.manifest?.effectiveStatus == .deprecated),
        ]
    }

    /// A link to the named event, or its bare name when the catalog has no such event.
    func eventLink(named name: String) -> [String: TemplateValue] {
        if let index = catalog.eventIndex[name] { return eventLink(index) }
        return ["name": .text(name), "url": false, "summary": false, "deprecated": false]
    }

    /// The service's display name and root-relative page URL (nil when it has no page).
    func serviceTarget(_ id: String) -> (name: String, url: String?) {
        guard let position = siteIndex.serviceByID[id] else { return (id, nil) }
        return (catalog.services[id]?.name?.value ?? id, "services/\(siteIndex.services[position].slug).html")
    }

    /// The team's display name and root-relative page URL (nil when it has no page).
    func teamTarget(_ id: String) -> (name: String, url: String?) {
        guard let position = siteIndex.teamByID[id] else { return (id, nil) }
        return (catalog.teams[id]?.name?.value ?? id, "teams/\(siteIndex.teams[position].slug).html")
    }

    func serviceLink(_ id: String) -> [String: TemplateValue] {
        let target = serviceTarget(id)
        return ["name": .text(target.name), "id": .text(id), "url": .optional(target.url)]
    }

    func teamLink(_ id: String) -> [String: TemplateValue] {
        let target = teamTarget(id)
        return ["name": .text(target.name), "id": .text(id), "url": .optional(target.url)]
    }

    func domainLink(ofEvent index: Int) -> [String: TemplateValue] {
        let slug = siteIndex.eventDomain[index]
        let name = siteIndex.domainBySlug[slug].map { siteIndex.domains[$0].name } ?? slug
        return ["name": .text(name), "url": .text("domains/\(slug).html")]
    }

    /// An event row for tables: link, summary, owner, volume, version count.
    func eventRow(_ index: Int) -> [String: TemplateValue] {
        var row = eventLink(index)
        let event = catalog.events[index]
        row["owner"] = event.manifest?.owner.map { .object(teamLink($0.value)) } ?? false
        row["volume"] = .optional(event.manifest?.volume.map { SiteFormatting.perDay($0.value.perDay) })
        row["versions"] = .number(event.versions.count)
        row["latest"] = .optional(event.latest.map { "v\($0.number)" })
        row["status"] = .text(event.manifest?.effectiveStatus.rawValue ?? "active")
        return row
    }

    /// `eventRow` as a template value.
    func eventRowValue(_ index: Int) -> TemplateValue { .object(eventRow(index)) }

    /// AsyncAPI documents covering `event` (or the whole catalog).
    func asyncAPILinks(forEvent name: String) -> [TemplateValue] {
        let positions = Set(asyncAPIByEvent[name] ?? [])
        return asyncAPI.enumerated().filter { $0.element.events.isEmpty || positions.contains($0.offset) }.map {
            ["title": .text($0.element.title), "url": .text($0.element.path)]
        }
    }

    // MARK: Graphs

    func serviceNode(_ id: String, highlighted: Bool = false) -> DependencyGraph.Node {
        let target = serviceTarget(id)
        return DependencyGraph.Node(key: "s:" + id, label: target.name, url: target.url ?? "",
                                    kind: .service, highlighted: highlighted)
    }

    func eventNode(_ index: Int, highlighted: Bool = false) -> DependencyGraph.Node {
        DependencyGraph.Node(key: "e:\(index)", label: catalog.events[index].name, url: eventURL(index), kind: .event, highlighted: highlighted)
    }

    /// Producers → these events → consumers.
    func graph(events indices: [Int], highlightedEvents: Set<Int> = [], highlightedService: String? = nil) -> DependencyGraph {
        var graph = DependencyGraph()
        var producers: Set<String> = [], consumers: Set<String> = []
        for index in indices {
            graph.events.append(eventNode(index, highlighted: highlightedEvents.contains(index)))
            guard let manifest = catalog.events[index].manifest else { continue }
            for id in Set(manifest.producers.map(\.value)).sorted() {
                producers.insert(id)
                graph.produceEdges.append(("s:" + id, "e:\(index)"))
            }
            for id in Set(manifest.consumers.map(\.value)).sorted() {
                consumers.insert(id)
                graph.consumeEdges.append(("e:\(index)", "s:" + id))
            }
        }
        graph.producers = producers.sorted().map { serviceNode($0, highlighted: $0 == highlightedService) }
        graph.consumers = consumers.sorted().map { serviceNode($0, highlighted: $0 == highlightedService) }
        graph.arrange()
        return graph
    }

    func eventGraph(_ index: Int) -> DependencyGraph { graph(events: [index], highlightedEvents: [index]) }
}

/// An AsyncAPI document written beside the site, linked from the pages of the events it describes.
public struct AsyncAPIDocumentLink: Sendable, Hashable {
    /// Path relative to the site root (`asyncapi/catalog.yaml`).
    public var path: String
    /// The link text.
    public var title: String
    /// Events it describes; empty means the whole catalog.
    public var events: [String]

    /// A link to the document at `path`, describing `events` (all when empty).
    public init(path: String, title: String, events: [String] = []) {
        self.path = path
        self.title = title
        self.events = events
    }
}
