import Dispatch
import Foundation
import HeraldCatalog

/// How a site is rendered.
public struct SiteOptions: Sendable {
    /// The Mustache templates and static assets.
    public var templates: SiteTemplates
    /// The absolute URL the site is published at; enables `sitemap.xml`. Links stay relative either way.
    public var baseURL: String?
    /// AsyncAPI documents written beside the site, linked from the home page and event pages.
    public var asyncAPIDocuments: [AsyncAPIDocumentLink]

    /// Options with the given templates; no sitemap and no AsyncAPI links unless given.
    public init(templates: SiteTemplates, baseURL: String? = nil, asyncAPIDocuments: [AsyncAPIDocumentLink] = []) {
        self.templates = templates
        self.baseURL = baseURL
        self.asyncAPIDocuments = asyncAPIDocuments
    }
}

/// `herald build`'s site stage: a resolved catalog → the files of a static, JavaScript-optional HTML catalog.
public struct SiteGenerator: Sendable {
    /// How pages are rendered.
    public var options: SiteOptions

    /// A generator with these options.
    public init(options: SiteOptions) { self.options = options }

    /// One page to render.
    enum Page: Sendable, Hashable {
        case home, event(Int), service(Int), team(Int), domain(Int)
        case eventList, serviceList, teamList, domainList, graph, notFound
    }

    /// One unit of work of `emit`: a page or one of the other files.
    enum Job: Sendable {
        case page(Page)
        /// An event's `.avsc` files.
        case schemas(Int)
        case searchIndex
        case asset(String)
        case sitemap([String])
    }

    /// Renders every page, the search index, the assets and (with a base URL) the sitemap.
    /// Output is sorted by path and identical for identical input.
    public func render(_ catalog: ResolvedCatalog) throws -> [EmittedFile] {
        let collected = CollectedFiles()
        try emit(catalog) { collected.append($0) }
        return collected.sorted()
    }

    /// Renders every file `render(_:)` returns, handing each to `emit` as soon as it is made, from worker threads and in
    /// no particular order, so no page is held after it is written. Paths are unique. Throws what `emit` throws (after
    /// stopping further work as soon as practical).
    public func emit(_ catalog: ResolvedCatalog, to emit: @escaping @Sendable (EmittedFile) throws -> Void) throws {
        try self.emit(catalog, only: nil, to: emit)
    }

    /// `emit(_:to:)` limited to the files `selection` names (all when nil): the others are as the previous build made
    /// them.
    public func emit(_ catalog: ResolvedCatalog, only selection: SiteSelection?, to emit: @escaping @Sendable (EmittedFile) throws -> Void) throws {
        try self.emit(catalog, index: SiteIndex(catalog), only: selection, to: emit)
    }

    /// `emit(_:only:to:)` with the catalog's site index already made. With `searchRows`, the search index's event
    /// entries are kept and returned: on a partial render (`selection`) those of the events not in it are taken over
    /// from `searchRows.previous` (the last generation's, whose catalog the selection was made against).
    @discardableResult
    public func emit(_ catalog: ResolvedCatalog, index: SiteIndex, only selection: SiteSelection?, searchRows: (keep: Bool, previous: SearchRows?) = (false, nil),
                     to emit: @escaping @Sendable (EmittedFile) throws -> Void) throws -> SearchRows? {
        let sources = options.templates.templates
        // Checked once here so a broken template fails before any file is emitted.
        let problems = options.templates.validate()
        if !problems.isEmpty { throw SiteTemplateError(diagnostics: problems) }
        let renderer = SiteRenderer(
            catalog: catalog, siteIndex: index, markdown: MarkdownRenderer(), asyncAPI: options.asyncAPIDocuments)
        let rows = searchRows.keep
            ? SearchIndex(renderer: renderer).rows(reusing: selection == nil ? nil : searchRows.previous, changed: selection?.events ?? [])
            : nil
        let jobs = selection.map { Self.jobs(renderer: renderer, only: $0) }
            ?? Self.jobs(renderer: renderer, assets: options.templates.assets, baseURL: options.baseURL)
        let context = JobContext(renderer: renderer, assets: options.templates.assets, baseURL: options.baseURL, searchRows: rows)
        try WorkQueue.run(jobs, workerSetup: { try TemplateLibrary(sources: sources) }) { job, library in
            try context.run(job, library: library, emit: emit)
        }
        return rows
    }

    /// Every job, pages first (the long lists near the start, so no worker is left with one at the end).
    static func jobs(renderer: SiteRenderer, assets: [String: Data], baseURL: String?) -> [Job] {
        let index = renderer.siteIndex
        var pages: [Page] = [.home, .eventList, .serviceList, .teamList, .domainList, .graph, .notFound]
        pages += index.eventOrder.map(Page.event)
        pages += index.services.indices.map(Page.service)
        pages += index.teams.indices.map(Page.team)
        pages += index.domains.indices.map(Page.domain)
        // An event or service named `index` would land on its list page: the list page keeps the path.
        var generated = Set<String>()
        pages = pages.filter { generated.insert(renderer.path(of: $0)).inserted }
        var jobs = pages.map(Job.page)
        jobs += index.eventOrder.map(Job.schemas)
        jobs.append(.searchIndex)
        // Generated files win over assets of the same path.
        generated.insert("search-index.js")
        for event in index.eventOrder {
            let slug = index.eventSlugs[event]
            generated.insert(SchemaFiles.latestPath(slug: slug))
            for version in renderer.catalog.events[event].versions { generated.insert(SchemaFiles.path(slug: slug, version: version.number)) }
        }
        let keptAssets = assets.keys.sorted().filter { !generated.contains($0) }
        jobs += keptAssets.map(Job.asset)
        if baseURL != nil {
            jobs.append(.sitemap(pages.map { renderer.path(of: $0) } + keptAssets.filter { $0.hasSuffix(".html") }))
        }
        return jobs
    }

    /// The jobs of the full list (`jobs(renderer:assets:baseURL:)`) that `selection` includes, without listing every
    /// page: a page the full list drops for its path is one whose path a list page, the home, graph or not-found page
    /// already has (pages of one kind share a folder and have unique slugs, so they cannot collide with each other).
    static func jobs(renderer: SiteRenderer, only selection: SiteSelection) -> [Job] {
        let index = renderer.siteIndex
        let fixed: [Page] = [.home, .eventList, .serviceList, .teamList, .domainList, .graph, .notFound]
        var generated = Set<String>()
        var pages: [Page] = []
        for page in fixed where generated.insert(renderer.path(of: page)).inserted && selection.pages.contains(page) { pages.append(page) }
        var rank = Array(repeating: 0, count: index.eventSlugs.count)
        for (position, event) in index.eventOrder.enumerated() { rank[event] = position }
        func order(_ page: Page) -> (Int, Int) {
            switch page {
            case .event(let event): (0, rank[event])
            case .service(let position): (1, position)
            case .team(let position): (2, position)
            case .domain(let position): (3, position)
            default: (-1, 0)
            }
        }
        let entities = selection.pages.filter { order($0).0 >= 0 }.sorted { order($0) < order($1) }
        pages += entities.filter { !generated.contains(renderer.path(of: $0)) }
        var jobs = pages.map(Job.page)
        jobs += selection.events.sorted { rank[$0] < rank[$1] }.map(Job.schemas)
        jobs.append(.searchIndex)
        return jobs
    }

    /// What every job needs, shared read-only by the workers.
    struct JobContext: Sendable {
        let renderer: SiteRenderer
        let assets: [String: Data]
        let baseURL: String?
        /// The search index's event entries, when made beforehand.
        let searchRows: SearchRows?
        /// The navigation of each section, made once.
        let navigation: [String: TemplateValue]

        init(renderer: SiteRenderer, assets: [String: Data], baseURL: String?, searchRows: SearchRows? = nil) {
            (self.renderer, self.assets, self.baseURL, self.searchRows) = (renderer, assets, baseURL, searchRows)
            navigation = Dictionary(uniqueKeysWithValues: SiteGenerator.sections.map { ($0, SiteGenerator.navigation(current: $0)) })
        }

        func run(_ job: Job, library: TemplateLibrary, emit: (EmittedFile) throws -> Void) throws {
            switch job {
            case .page(let page):
                try emit(SiteGenerator.render(page, renderer: renderer, library: library, baseURL: baseURL, navigation: navigation))
            case .schemas(let event):
                for file in SchemaFiles.files(renderer.catalog.events[event], slug: renderer.siteIndex.eventSlugs[event]) { try emit(file) }
            case .searchIndex:
                try emit(EmittedFile(path: "search-index.js", text: SearchIndex(renderer: renderer).script(rows: searchRows)))
            case .asset(let path):
                if let data = assets[path] { try emit(EmittedFile(path: path, bytes: data)) }
            case .sitemap(let pages):
                if let baseURL { try emit(EmittedFile(path: "sitemap.xml", text: Sitemap.xml(baseURL: baseURL, pages: pages))) }
            }
        }
    }

    static func render(_ page: Page, renderer: SiteRenderer, library: TemplateLibrary, baseURL: String?,
                       navigation: [String: TemplateValue] = [:]) -> EmittedFile {
        let title: String, template: String, context: TemplateValue, section: String
        let path = renderer.path(of: page)
        switch page {
        case .home:
            (title, template, section) = (renderer.catalogTitle, "home", "home")
            context = renderer.homeContext()
        case .event(let index):
            (title, template, section) = (renderer.catalog.events[index].name, "event", "events")
            context = renderer.eventContext(index)
        case .service(let position):
            let service = renderer.siteIndex.services[position]
            (title, template, section) = (renderer.catalog.services[service.id]?.name?.value ?? service.id, "service", "services")
            context = renderer.serviceContext(position)
        case .team(let position):
            let team = renderer.siteIndex.teams[position]
            (title, template, section) = (renderer.catalog.teams[team.id]?.name?.value ?? team.id, "team", "teams")
            context = renderer.teamContext(position)
        case .domain(let position):
            (title, template, section) = (renderer.siteIndex.domains[position].name, "domain", "domains")
            context = renderer.domainContext(position)
        case .eventList:
            (title, template, section) = ("All events", "list", "events")
            context = renderer.eventListContext()
        case .serviceList:
            (title, template, section) = ("Services", "list", "services")
            context = renderer.serviceListContext()
        case .teamList:
            (title, template, section) = ("Teams", "list", "teams")
            context = renderer.teamListContext()
        case .domainList:
            (title, template, section) = ("Domains", "list", "domains")
            context = renderer.domainListContext()
        case .graph:
            (title, template, section) = ("Dependency graph", "graph", "graph")
            context = renderer.graphPageContext()
        case .notFound:
            (title, template, section) = ("Page not found", "not-found", "")
            // Served in place of any missing address, so its links cannot be relative to where it sits: absolute
            // from the base URL when there is one, else relative to the site root (works at the root and from file://).
            context = ["root": .text(baseURL.map(Sitemap.directoryURL) ?? "")]
        }
        var body: [UInt8] = []
        body.reserveCapacity(page.isEvent ? 32 * 1024 : 4 * 1024)
        library.render(template, context, into: &body)
        let root = context.member("root") ?? ""
        let layout: TemplateValue = [
            "root": root, "title": .text(title), "catalogTitle": .text(renderer.catalogTitle), "isHome": .bool(section == "home"),
            "body": .utf8(body), "nav": navigation[section] ?? SiteGenerator.navigation(current: section),
        ]
        guard library.contains("layout") else { return EmittedFile(path: path, bytes: Data(body)) }
        var page: [UInt8] = []
        page.reserveCapacity(body.count + 4096)
        library.render("layout", layout, into: &page)
        return EmittedFile(path: path, bytes: Data(page))
    }
}

extension SiteGenerator {
    /// Every page's section (`""` for the 404 page).
    static let sections = ["home", "events", "services", "teams", "domains", "graph", ""]

    /// The links of the top navigation, marking the current section's.
    static func navigation(current section: String) -> TemplateValue {
        .list([("events", "Events", "events/index.html"), ("services", "Services", "services/index.html"),
               ("teams", "Teams", "teams/index.html"), ("domains", "Domains", "domains/index.html"),
               ("graph", "Graph", "graph.html")].map { key, label, url in
            ["label": .text(label), "url": .text(url), "current": .bool(key == section)]
        })
    }
}

extension SiteGenerator.Page {
    var isEvent: Bool { if case .event = self { true } else { false } }
}

extension SiteRenderer {
    /// Where a page is written, relative to the site root.
    func path(of page: SiteGenerator.Page) -> String {
        switch page {
        case .home: "index.html"
        case .event(let index): eventURL(index)
        case .service(let position): "services/\(siteIndex.services[position].slug).html"
        case .team(let position): "teams/\(siteIndex.teams[position].slug).html"
        case .domain(let position): "domains/\(siteIndex.domains[position].slug).html"
        case .eventList: "events/index.html"
        case .serviceList: "services/index.html"
        case .teamList: "teams/index.html"
        case .domainList: "domains/index.html"
        case .graph: "graph.html"
        case .notFound: "404.html"
        }
    }

}

/// Files collected from concurrent `emit` calls, for `render(_:)`.
private final class CollectedFiles: @unchecked Sendable {
    private var files: [EmittedFile] = []
    private let lock = NSLock()

    func append(_ file: EmittedFile) {
        lock.lock()
        files.append(file)
        lock.unlock()
    }

    func sorted() -> [EmittedFile] {
        lock.lock()
        defer { lock.unlock() }
        return files.sorted { $0.path < $1.path }
    }
}

/// Runs jobs on every core, each worker taking the next few jobs as it finishes; stops at the first error.
enum WorkQueue {
    /// Runs `work` on every job; `workerSetup` makes per-worker state (threads sharing one template library would
    /// contend on its reference counts). Rethrows the first error after the running jobs finish.
    static func run<Job: Sendable, State>(
        _ jobs: [Job], workerSetup: @Sendable () throws -> State, _ work: @Sendable (Job, State) throws -> Void
    ) throws {
        let progress = Progress(count: jobs.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                let state = try workerSetup()
                while let range = progress.next() {
                    for index in range where !progress.failed {
                        try work(jobs[index], state)
                    }
                }
            } catch {
                progress.fail(error)
            }
        }
        if let error = progress.error { throw error }
    }

    /// The next jobs to take and the first failure, under a lock.
    private final class Progress: @unchecked Sendable {
        private let count: Int
        private var taken = 0
        private(set) var error: (any Error)? {
            get { lock.lock(); defer { lock.unlock() }; return storedError }
            set { lock.lock(); storedError = newValue; lock.unlock() }
        }
        private var storedError: (any Error)?
        private let lock = NSLock()
        /// Jobs handed out at once: few enough to balance uneven pages, enough to keep the lock quiet.
        private let batch = 4

        init(count: Int) { self.count = count }

        func next() -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            guard storedError == nil, taken < count else { return nil }
            let range = taken..<min(count, taken + batch)
            taken = range.upperBound
            return range
        }

        /// Whether a job has failed, so the others stop.
        var failed: Bool {
            lock.lock()
            defer { lock.unlock() }
            return storedError != nil
        }

        func fail(_ error: any Error) {
            lock.lock()
            if storedError == nil { storedError = error }
            lock.unlock()
        }
    }
}

/// `sitemap.xml` for the HTML pages (404 excluded).
enum Sitemap {
    /// `baseURL` ending in `/`, so page paths append to it.
    static func directoryURL(_ baseURL: String) -> String { baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }

    static func xml(baseURL: String, pages: [String]) -> String {
        let base = directoryURL(baseURL)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != "404.html" {
            out += "  <url><loc>\(HTMLText.escape(base + page))</loc></url>\n"
        }
        return out + "</urlset>\n"
    }
}
