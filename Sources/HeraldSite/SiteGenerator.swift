import Dispatch
import Foundation
import HeraldCatalog
import Mustache

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
    enum Page: Sendable {
        case home, event(Int), service(Int), team(Int), domain(Int)
        case eventList, serviceList, teamList, domainList, graph, notFound
    }

    /// Renders every page, the search index, the schema downloads, the assets and (with a base URL) the sitemap.
    /// Output is sorted by path and identical for identical input.
    public func render(_ catalog: ResolvedCatalog) throws -> [EmittedFile] {
        let library = try options.templates.library()
        let renderer = SiteRenderer(
            catalog: catalog, siteIndex: SiteIndex(catalog), markdown: MarkdownRenderer(), asyncAPI: options.asyncAPIDocuments)
        var pages: [Page] = [.home, .eventList, .serviceList, .teamList, .domainList, .graph, .notFound]
        pages += renderer.siteIndex.eventOrder.map(Page.event)
        pages += renderer.siteIndex.services.indices.map(Page.service)
        pages += renderer.siteIndex.teams.indices.map(Page.team)
        pages += renderer.siteIndex.domains.indices.map(Page.domain)

        _ = library
        // Each chunk of pages parses its own copy of the templates: threads sharing one library spend their time
        // contending on its reference counts (two threads rendered slower than one).
        let templates = options.templates
        var files = ConcurrentMap.map(pages, chunkSetup: { (try? templates.library()) ?? library }) { page, chunkLibrary in
            Self.render(page, renderer: renderer, library: chunkLibrary)
        }
        files.append(EmittedFile(path: "search-index.js", text: SearchIndex(renderer: renderer).script()))
        for index in renderer.siteIndex.eventOrder {
            let slug = renderer.siteIndex.eventSlugs[index]
            for version in catalog.events[index].versions {
                files.append(EmittedFile(path: "schemas/\(slug)/v\(version.number).avsc", text: version.source.text))
            }
        }
        for (path, data) in options.templates.assets { files.append(EmittedFile(path: path, bytes: data)) }
        if let baseURL = options.baseURL {
            files.append(EmittedFile(path: "sitemap.xml", text: Sitemap.xml(baseURL: baseURL, pages: files.map(\.path))))
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    }

    static func render(_ page: Page, renderer: SiteRenderer, library: MustacheLibrary) -> EmittedFile {
        let title: String, template: String, path: String, context: [String: Any], section: String
        switch page {
        case .home:
            (title, template, path, section) = (renderer.catalogTitle, "home", "index.html", "home")
            context = renderer.homeContext()
        case .event(let index):
            let event = renderer.catalog.events[index]
            (title, template, path, section) = (event.name, "event", renderer.eventURL(index), "events")
            context = renderer.eventContext(index)
        case .service(let position):
            let service = renderer.siteIndex.services[position]
            let name = renderer.catalog.services[service.id]?.name?.value ?? service.id
            (title, template, path, section) = (name, "service", "services/\(service.slug).html", "services")
            context = renderer.serviceContext(position)
        case .team(let position):
            let team = renderer.siteIndex.teams[position]
            let name = renderer.catalog.teams[team.id]?.name?.value ?? team.id
            (title, template, path, section) = (name, "team", "teams/\(team.slug).html", "teams")
            context = renderer.teamContext(position)
        case .domain(let position):
            let domain = renderer.siteIndex.domains[position]
            (title, template, path, section) = (domain.name, "domain", "domains/\(domain.slug).html", "domains")
            context = renderer.domainContext(position)
        case .eventList:
            (title, template, path, section) = ("All events", "list", "events/index.html", "events")
            context = renderer.eventListContext()
        case .serviceList:
            (title, template, path, section) = ("Services", "list", "services/index.html", "services")
            context = renderer.serviceListContext()
        case .teamList:
            (title, template, path, section) = ("Teams", "list", "teams/index.html", "teams")
            context = renderer.teamListContext()
        case .domainList:
            (title, template, path, section) = ("Domains", "list", "domains/index.html", "domains")
            context = renderer.domainListContext()
        case .graph:
            (title, template, path, section) = ("Dependency graph", "graph", "graph.html", "graph")
            context = renderer.graphPageContext()
        case .notFound:
            (title, template, path, section) = ("Page not found", "not-found", "404.html", "")
            context = ["root": ""]
        }
        let body = library.render(context, withTemplate: template) ?? ""
        let root = context["root"] as? String ?? ""
        let nav: [[String: Any]] = [("events", "Events", "events/index.html"), ("services", "Services", "services/index.html"),
                                    ("teams", "Teams", "teams/index.html"), ("domains", "Domains", "domains/index.html"),
                                    ("graph", "Graph", "graph.html")].map { key, label, url in
            ["label": label, "url": url, "current": key == section]
        }
        let layout: [String: Any] = [
            "root": root, "title": title, "catalogTitle": renderer.catalogTitle, "isHome": section == "home",
            "body": body, "nav": nav,
        ]
        return EmittedFile(path: path, text: library.render(layout, withTemplate: "layout") ?? body)
    }
}

/// Order-preserving parallel map over independent pages.
enum ConcurrentMap {
    /// Maps `items` in chunks on all cores; `chunkSetup` makes per-chunk state (not shared between threads).
    static func map<Input: Sendable, Output: Sendable, State>(
        _ items: [Input], chunkSetup: @Sendable () -> State, _ transform: @Sendable (Input, State) -> Output
    ) -> [Output] {
        let slots = Slots<Output>(count: items.count)
        // Enough chunks to keep both cores busy, few enough that per-chunk setup stays negligible.
        let chunks = max(1, min(items.count, 32, max(2, items.count / 64)))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let state = chunkSetup()
            let lower = items.count * chunk / chunks, upper = items.count * (chunk + 1) / chunks
            for index in lower..<upper { slots.set(index, transform(items[index], state)) }
        }
        return slots.values()
    }
}

/// Result slots written once each from concurrent iterations; distinct indices never race.
private final class Slots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    func values() -> [Value] { storage.compactMap { $0 } }
}

/// `sitemap.xml` for the HTML pages (404 excluded).
enum Sitemap {
    static func xml(baseURL: String, pages: [String]) -> String {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != "404.html" {
            out += "  <url><loc>\(HTMLText.escape(base + page))</loc></url>\n"
        }
        return out + "</urlset>\n"
    }
}
