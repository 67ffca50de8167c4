import HeraldCatalog

/// Which files of a site an edit of some events' contents can change, so a rebuild renders only those.
///
/// The selection is narrow only when the two catalogs differ in nothing but the contents of those events: the same
/// events in the same folders, the same catalog.yaml, the same cross-references (`SiteIndex`: domains, who produces,
/// consumes, owns and supersedes what), the same version numbers of each changed event, and the same options. Then a
/// page can differ only if it shows one of those events: its own page and `.avsc` files, the pages of its successors
/// and predecessor, of the services producing or consuming it, of its team and domain, the home page, the lists, the
/// graph page and the search index. Anything else renders the whole site.
public struct SiteSelection: Sendable {
    /// Indices (into the new catalog's events) of the events whose contents changed.
    public internal(set) var events: Set<Int>
    /// Pages to render again.
    var pages: Set<SiteGenerator.Page>

    /// The selection for an edit of the events in `changedFolders`, or nil when the whole site must be rendered.
    public static func of(_ catalog: ResolvedCatalog, options: SiteOptions, since previous: ResolvedCatalog, options previousOptions: SiteOptions,
                          changedFolders: Set<String>) -> SiteSelection? {
        of(catalog, index: SiteIndex(catalog), options: options, since: previous, index: SiteIndex(previous), options: previousOptions,
           changedFolders: changedFolders)
    }

    /// `of(_:options:since:options:changedFolders:)` with both catalogs' site indexes already made.
    public static func of(_ catalog: ResolvedCatalog, index: SiteIndex, options: SiteOptions, since previous: ResolvedCatalog,
                          index previousIndex: SiteIndex, options previousOptions: SiteOptions, changedFolders: Set<String>) -> SiteSelection? {
        guard catalog.events.count == previous.events.count, catalog.hasManifest == previous.hasManifest, catalog.manifest == previous.manifest,
              options.baseURL == previousOptions.baseURL, options.asyncAPIDocuments == previousOptions.asyncAPIDocuments,
              options.templates.templates == previousOptions.templates.templates, options.templates.assets == previousOptions.templates.assets
        else { return nil }
        var events = Set<Int>()
        for (index, (new, old)) in zip(catalog.events, previous.events).enumerated() {
            guard new.name == old.name, new.folder == old.folder else { return nil }
            if changedFolders.contains(new.folder) {
                guard new.versions.map(\.number) == old.versions.map(\.number), new.latest?.number == old.latest?.number else { return nil }
                events.insert(index)
            }
        }
        // A quarter of the catalog or more: the selection saves little over rendering everything.
        guard events.count * 4 < max(catalog.events.count, 4) else { return nil }
        guard index == previousIndex else { return nil }
        let superseded = events.compactMap { previous.events[$0].manifest?.supersedes?.value }
        return SiteSelection(events: events, catalog: catalog, index: index, alsoSuperseded: superseded)
    }

    /// The selection for an edit of the contents of `events` (indices into `catalog.events`), when the caller knows
    /// the previous catalog is alike in everything `of(_:options:since:options:changedFolders:)` compares (a build
    /// in a new process compares digests of them); nil when the edit reaches too much of the catalog to be worth it.
    public static func of(_ catalog: ResolvedCatalog, changedEvents events: Set<Int>) -> SiteSelection? {
        guard events.allSatisfy(catalog.events.indices.contains), events.count * 4 < max(catalog.events.count, 4) else { return nil }
        return SiteSelection(events: events, catalog: catalog, index: SiteIndex(catalog), alsoSuperseded: [])
    }

    init(events: Set<Int>, pages: Set<SiteGenerator.Page>) {
        self.events = events
        self.pages = pages
    }

    /// The pages an edit of `events` reaches; `alsoSuperseded` names the events they superseded before the edit.
    init(events: Set<Int>, catalog: ResolvedCatalog, index: SiteIndex, alsoSuperseded: [String]) {
        var pages: Set<SiteGenerator.Page> = [.home, .eventList, .serviceList, .teamList, .domainList, .graph]
        for event in events {
            pages.insert(.event(event))
            for successor in index.supersededBy[catalog.events[event].name] ?? [] { pages.insert(.event(successor)) }
            if let name = catalog.events[event].manifest?.supersedes?.value, let predecessor = catalog.eventIndex[name] {
                pages.insert(.event(predecessor))
            }
            if let domain = index.domainBySlug[index.eventDomain[event]] { pages.insert(.domain(domain)) }
        }
        for (position, service) in index.services.enumerated()
        where service.produces.contains(where: events.contains) || service.consumes.contains(where: events.contains) {
            pages.insert(.service(position))
        }
        for (position, team) in index.teams.enumerated() where team.events.contains(where: events.contains) {
            pages.insert(.team(position))
        }
        for name in alsoSuperseded {
            if let predecessor = catalog.eventIndex[name] { pages.insert(.event(predecessor)) }
        }
        self.init(events: events, pages: pages)
    }

    /// Whether a job of the full build is one to run again.
    func includes(_ job: SiteGenerator.Job) -> Bool {
        switch job {
        case .page(let page): pages.contains(page)
        case .schemas(let event): events.contains(event)
        case .searchIndex: true
        case .asset, .sitemap: false
        }
    }
}
