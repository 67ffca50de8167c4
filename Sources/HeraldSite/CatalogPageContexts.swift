import HeraldCatalog

/// Contexts of the home, service, team, domain, list and graph pages.
extension SiteRenderer {
    /// Events with more than this many are not drawn as one graph; the domain pages carry their parts.
    static let maximumGraphEvents = 300

    var catalogTitle: String { catalog.manifest.title?.value ?? "Event catalog" }

    func homeContext() -> [String: Any] {
        let events = catalog.events
        let totalVolume = events.reduce(0) { $0 + ($1.manifest?.volume?.value.perDay ?? 0) }
        let stats: [[String: Any]] = [
            ["label": "events", "value": SiteFormatting.grouped(events.count), "url": "events/index.html"],
            ["label": "services", "value": SiteFormatting.grouped(siteIndex.services.count), "url": "services/index.html"],
            ["label": "teams", "value": SiteFormatting.grouped(siteIndex.teams.count), "url": "teams/index.html"],
            ["label": "domains", "value": SiteFormatting.grouped(siteIndex.domains.count), "url": "domains/index.html"],
            ["label": "events a day", "value": SiteFormatting.compact(totalVolume), "url": false],
        ]
        let order = siteIndex.eventOrder
        let busiest = order.filter { events[$0].manifest?.volume != nil }
            .sorted { (events[$0].manifest?.volume?.value.perDay ?? 0) > (events[$1].manifest?.volume?.value.perDay ?? 0) }
            .prefix(8).map(eventRow)
        let changed = order.filter { events[$0].versions.count > 1 }
            .sorted { events[$0].versions.count > events[$1].versions.count }
            .prefix(8).map(eventRow)
        let deprecated = order.filter { events[$0].manifest?.effectiveStatus == .deprecated }.prefix(20).map { index -> [String: Any] in
            var row = eventRow(index)
            let successors = (siteIndex.supersededBy[events[index].name] ?? []).map(eventLink)
            row["successors"] = successors
            row["hasSuccessors"] = !successors.isEmpty
            return row
        }
        let domains = siteIndex.domains.map { domain -> [String: Any] in
            ["name": domain.name, "url": "domains/\(domain.slug).html", "count": domain.events.count,
             "volume": SiteFormatting.perDay(domain.events.reduce(0) { $0 + (events[$1].manifest?.volume?.value.perDay ?? 0) })]
        }
        return [
            "root": "",
            "description": catalog.manifest.description.map { markdown.render($0.value) } ?? false,
            "stats": stats,
            "busiest": Array(busiest), "hasBusiest": !busiest.isEmpty,
            "changed": Array(changed), "hasChanged": !changed.isEmpty,
            "deprecated": Array(deprecated), "hasDeprecated": !deprecated.isEmpty,
            "domains": domains,
            "catalogTitle": catalogTitle,
            "asyncapi": asyncAPI.filter(\.events.isEmpty).map { ["title": $0.title, "url": $0.path] as [String: Any] },
            "hasAsyncapi": asyncAPI.contains { $0.events.isEmpty },
            "hasServers": !catalog.manifest.servers.isEmpty,
            "servers": catalog.manifest.servers.map { server -> [String: Any] in
                ["id": server.id.value, "host": server.host?.value ?? false, "protocol": server.protocol?.value ?? false,
                 "description": server.description?.value ?? false]
            },
        ]
    }

    func serviceContext(_ position: Int) -> [String: Any] {
        let service = siteIndex.services[position]
        let declared = catalog.services[service.id]
        let produces = service.produces.map(eventRow), consumes = service.consumes.map(eventRow)
        let produced = Set(service.produces)
        let around = service.produces + service.consumes.filter { !produced.contains($0) }
        let graph = around.count <= Self.maximumGraphEvents ? graph(events: around, highlightedService: service.id) : DependencyGraph()
        return [
            "root": "../",
            "id": service.id,
            "name": declared?.name?.value ?? service.id,
            "description": declared?.description.map { markdown.render($0.value) } ?? false,
            "owner": declared?.owner.map { teamLink($0.value) } ?? false,
            "repository": declared?.repository.map { repo -> [String: Any] in
                ["text": repo.value, "url": SiteFormatting.safeURL(repo.value) ?? false]
            } ?? false,
            "declared": service.declared,
            "produces": produces, "hasProduces": !produces.isEmpty,
            "consumes": consumes, "hasConsumes": !consumes.isEmpty,
            "graph": graphMarkup(graph, eventCount: graph.events.count, root: "../", title: "Events around \(service.id)"),
        ]
    }

    func teamContext(_ position: Int) -> [String: Any] {
        let team = siteIndex.teams[position]
        let declared = catalog.teams[team.id]
        let events = team.events.map(eventRow)
        let services = team.services.map { id -> [String: Any] in
            var link = serviceLink(id)
            link["description"] = catalog.services[id]?.description?.value ?? false
            return link
        }
        return [
            "root": "../",
            "id": team.id,
            "name": declared?.name?.value ?? team.id,
            "description": declared?.description.map { markdown.render($0.value) } ?? false,
            "email": declared?.email.map { ["text": $0.value, "url": "mailto:" + $0.value] as [String: Any] } ?? false,
            "slack": declared?.slack?.value ?? false,
            "declared": team.declared,
            "events": events, "hasEvents": !events.isEmpty,
            "services": services, "hasServices": !services.isEmpty,
        ]
    }

    func domainContext(_ position: Int) -> [String: Any] {
        let domain = siteIndex.domains[position]
        let graph = domain.events.count <= Self.maximumGraphEvents ? graph(events: domain.events) : DependencyGraph()
        return [
            "root": "../",
            "name": domain.name,
            "events": domain.events.map(eventRow),
            "count": domain.events.count,
            "graph": graphMarkup(graph, eventCount: domain.events.count, root: "../", title: "Producers and consumers in \(domain.name)"),
        ]
    }

    func graphMarkup(_ graph: DependencyGraph, eventCount: Int, root: String, title: String) -> Any {
        guard eventCount > 0 else { return false }
        guard eventCount <= Self.maximumGraphEvents else { return false }
        return graph.svg(root: root, title: title)
    }

    func graphPageContext() -> [String: Any] {
        let count = catalog.events.count
        let drawable = count <= Self.maximumGraphEvents
        return [
            "root": "",
            "graph": drawable ? graphMarkup(graph(events: siteIndex.eventOrder), eventCount: count, root: "", title: "Producers, events and consumers") : false,
            "tooLarge": !drawable,
            "limit": Self.maximumGraphEvents,
            "domains": siteIndex.domains.map { ["name": $0.name, "url": "domains/\($0.slug).html", "count": $0.events.count] as [String: Any] },
        ]
    }

    /// A list page: sections of linked items.
    func listContext(title: String, intro: String, sections: [(String, [[String: Any]])]) -> [String: Any] {
        [
            "root": "../",
            "heading": title,
            "intro": intro,
            "sections": sections.map { ["heading": $0.0.isEmpty ? false : $0.0, "items": $0.1, "count": $0.1.count] as [String: Any] },
        ]
    }

    func eventListContext() -> [String: Any] {
        listContext(title: "All events", intro: "Every event in the catalog, by domain.", sections: siteIndex.domains.map { domain in
            (domain.name, domain.events.map(eventRow))
        })
    }

    func serviceListContext() -> [String: Any] {
        listContext(title: "Services", intro: "Services that produce or consume events.", sections: [("", siteIndex.services.map { service in
            var link = serviceLink(service.id)
            link["summary"] = catalog.services[service.id]?.description?.value ?? false
            link["meta"] = "produces \(service.produces.count) · consumes \(service.consumes.count)"
            return link
        })])
    }

    func teamListContext() -> [String: Any] {
        listContext(title: "Teams", intro: "Teams that own events and services.", sections: [("", siteIndex.teams.map { team in
            var link = teamLink(team.id)
            link["summary"] = catalog.teams[team.id]?.slack?.value ?? false
            link["meta"] = "\(team.events.count) events · \(team.services.count) services"
            return link
        })])
    }

    func domainListContext() -> [String: Any] {
        listContext(
            title: "Domains",
            intro: "An event's domain is the first folder under the catalog root; events at the root take the first part of their name.",
            sections: [("", siteIndex.domains.map { domain in
                ["name": domain.name, "url": "domains/\(domain.slug).html", "summary": false, "meta": "\(domain.events.count) events"] as [String: Any]
            })])
    }
}
