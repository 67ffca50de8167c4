import HeraldCatalog

/// Contexts of the home, service, team, domain, list and graph pages.
extension SiteRenderer {
    /// Events with more than this many are not drawn as one graph; the domain pages carry their parts.
    static let maximumGraphEvents = 300

    var catalogTitle: String { catalog.manifest.title?.value ?? "Event catalog" }

    func homeContext() -> TemplateValue {
        let events = catalog.events
        let totalVolume = events.reduce(0) { $0 + ($1.manifest?.volume?.value.perDay ?? 0) }
        let stats: [TemplateValue] = [
            ["label": "events", "value": .text(SiteFormatting.grouped(events.count)), "url": "events/index.html"],
            ["label": "services", "value": .text(SiteFormatting.grouped(siteIndex.services.count)), "url": "services/index.html"],
            ["label": "teams", "value": .text(SiteFormatting.grouped(siteIndex.teams.count)), "url": "teams/index.html"],
            ["label": "domains", "value": .text(SiteFormatting.grouped(siteIndex.domains.count)), "url": "domains/index.html"],
            ["label": "events a day", "value": .text(SiteFormatting.compact(totalVolume)), "url": false],
        ]
        let order = siteIndex.eventOrder
        let busiestIndices = Array(order.filter { events[$0].manifest?.volume != nil }
            .sorted { (events[$0].manifest?.volume?.value.perDay ?? 0) > (events[$1].manifest?.volume?.value.perDay ?? 0) }
            .prefix(8))
        let busiest = busiestIndices.map(eventRowValue)
        let changed = order.filter { events[$0].versions.count > 1 }
            .sorted { events[$0].versions.count > events[$1].versions.count }
            .prefix(8).map(eventRowValue)
        let deprecated = order.filter { events[$0].manifest?.effectiveStatus == .deprecated }.prefix(20).map { index -> TemplateValue in
            var row = eventRow(index)
            let successors = (siteIndex.supersededBy[events[index].name] ?? []).map { TemplateValue.object(eventLink($0)) }
            row["successors"] = .list(successors)
            row["hasSuccessors"] = .bool(!successors.isEmpty)
            return .object(row)
        }
        let domains = siteIndex.domains.map { domain -> TemplateValue in
            ["name": .text(domain.name), "url": .text("domains/\(domain.slug).html"), "count": .number(domain.events.count),
             "volume": .text(SiteFormatting.perDay(domain.events.reduce(0) { $0 + (events[$1].manifest?.volume?.value.perDay ?? 0) }))]
        }
        return [
            "root": "",
            "description": .optional(catalog.manifest.description.map { markdown.render($0.value) }),
            "stats": .list(stats),
            "busiest": .list(Array(busiest)), "hasBusiest": .bool(!busiest.isEmpty),
            // The busiest events with their producers and consumers: the graph page draws the whole catalog.
            "graph": graphMarkup(graph(events: busiestIndices), eventCount: busiestIndices.count, root: "",
                                 title: "The busiest events: who produces and who consumes them"),
            "changed": .list(Array(changed)), "hasChanged": .bool(!changed.isEmpty),
            "deprecated": .list(Array(deprecated)), "hasDeprecated": .bool(!deprecated.isEmpty),
            "domains": .list(domains),
            "catalogTitle": .text(catalogTitle),
            "asyncapi": .list(asyncAPI.filter(\.events.isEmpty).map { ["title": .text($0.title), "url": .text($0.path)] }),
            "hasAsyncapi": .bool(asyncAPI.contains { $0.events.isEmpty }),
            "hasServers": .bool(!catalog.manifest.servers.isEmpty),
            "servers": .list(catalog.manifest.servers.map { server -> TemplateValue in
                ["id": .text(server.id.value), "host": .optional(server.host?.value), "protocol": .optional(server.protocol?.value),
                 "description": .optional(server.description?.value)]
            }),
        ]
    }

    func serviceContext(_ position: Int) -> TemplateValue {
        let service = siteIndex.services[position]
        let declared = catalog.services[service.id]
        let produces = service.produces.map(eventRowValue), consumes = service.consumes.map(eventRowValue)
        let produced = Set(service.produces)
        let around = service.produces + service.consumes.filter { !produced.contains($0) }
        let graph = around.count <= Self.maximumGraphEvents ? graph(events: around, highlightedService: service.id) : DependencyGraph()
        return [
            "root": "../",
            "id": .text(service.id),
            "name": .text(declared?.name?.value ?? service.id),
            "description": .optional(declared?.description.map { markdown.render($0.value) }),
            "owner": declared?.owner.map { .object(teamLink($0.value)) } ?? false,
            "repository": declared?.repository.map { repo -> TemplateValue in
                ["text": .text(repo.value), "url": .optional(SiteFormatting.safeURL(repo.value))]
            } ?? false,
            "declared": .bool(service.declared),
            "produces": .list(produces), "hasProduces": .bool(!produces.isEmpty),
            "consumes": .list(consumes), "hasConsumes": .bool(!consumes.isEmpty),
            "graph": graphMarkup(graph, eventCount: graph.events.count, root: "../", title: "Events around \(service.id)"),
        ]
    }

    func teamContext(_ position: Int) -> TemplateValue {
        let team = siteIndex.teams[position]
        let declared = catalog.teams[team.id]
        let events = team.events.map(eventRowValue)
        let services = team.services.map { id -> TemplateValue in
            var link = serviceLink(id)
            link["description"] = .optional(catalog.services[id]?.description?.value)
            return .object(link)
        }
        return [
            "root": "../",
            "id": .text(team.id),
            "name": .text(declared?.name?.value ?? team.id),
            "description": .optional(declared?.description.map { markdown.render($0.value) }),
            "email": declared?.email.map { ["text": .text($0.value), "url": .text("mailto:" + $0.value)] } ?? false,
            "slack": .optional(declared?.slack?.value),
            "declared": .bool(team.declared),
            "events": .list(events), "hasEvents": .bool(!events.isEmpty),
            "services": .list(services), "hasServices": .bool(!services.isEmpty),
        ]
    }

    func domainContext(_ position: Int) -> TemplateValue {
        let domain = siteIndex.domains[position]
        let graph = domain.events.count <= Self.maximumGraphEvents ? graph(events: domain.events) : DependencyGraph()
        return [
            "root": "../",
            "name": .text(domain.name),
            "events": .list(domain.events.map(eventRowValue)),
            "count": .number(domain.events.count),
            "graph": graphMarkup(graph, eventCount: domain.events.count, root: "../", title: "Producers and consumers in \(domain.name)"),
        ]
    }

    func graphMarkup(_ graph: DependencyGraph, eventCount: Int, root: String, title: String) -> TemplateValue {
        guard eventCount > 0 else { return false }
        guard eventCount <= Self.maximumGraphEvents else { return false }
        return .text(graph.svg(root: root, title: title) + graph.table(root: root, caption: title))
    }

    func graphPageContext() -> TemplateValue {
        let count = catalog.events.count
        let drawable = count <= Self.maximumGraphEvents
        return [
            "root": "",
            "graph": drawable ? graphMarkup(graph(events: siteIndex.eventOrder), eventCount: count, root: "", title: "Producers, events and consumers") : false,
            "tooLarge": .bool(!drawable),
            "limit": .number(Self.maximumGraphEvents),
            "domains": .list(siteIndex.domains.map {
                ["name": .text($0.name), "url": .text("domains/\($0.slug).html"), "count": .number($0.events.count)]
            }),
        ]
    }

    /// A list page: sections of linked items.
    func listContext(title: String, intro: String, sections: [(String, [TemplateValue])]) -> TemplateValue {
        [
            "root": "../",
            "heading": .text(title),
            "intro": .text(intro),
            "sections": .list(sections.map {
                ["heading": $0.0.isEmpty ? false : .text($0.0), "items": .list($0.1), "count": .number($0.1.count)]
            }),
        ]
    }

    func eventListContext() -> TemplateValue {
        listContext(title: "All events", intro: "Every event in the catalog, by domain.", sections: siteIndex.domains.map { domain in
            (domain.name, domain.events.map(eventRowValue))
        })
    }

    func serviceListContext() -> TemplateValue {
        listContext(title: "Services", intro: "Services that produce or consume events.", sections: [("", siteIndex.services.map { service in
            var link = serviceLink(service.id)
            link["summary"] = .optional(catalog.services[service.id]?.description?.value)
            link["meta"] = .text("produces \(service.produces.count) · consumes \(service.consumes.count)")
            return .object(link)
        })])
    }

    func teamListContext() -> TemplateValue {
        listContext(title: "Teams", intro: "Teams that own events and services.", sections: [("", siteIndex.teams.map { team in
            var link = teamLink(team.id)
            link["summary"] = .optional(catalog.teams[team.id]?.slack?.value)
            link["meta"] = .text("\(team.events.count) events · \(team.services.count) services")
            return .object(link)
        })])
    }

    func domainListContext() -> TemplateValue {
        listContext(
            title: "Domains",
            intro: "An event's domain is the first folder under the catalog root; events at the root take the first part of their name.",
            sections: [("", siteIndex.domains.map { domain in
                ["name": .text(domain.name), "url": .text("domains/\(domain.slug).html"), "summary": false, "meta": .text("\(domain.events.count) events")]
            })])
    }
}
