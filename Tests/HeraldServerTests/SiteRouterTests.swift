import Foundation
import HeraldDiagnostics
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HeraldServer

/// The site `herald serve` shows, through Hummingbird's router test mode: files, refusals, the overlay and the
/// event stream, no sockets.
@Suite struct SiteRouterTests {
    static let page = "<!doctype html><html><body><h1>Orders</h1></body></html>"
    static let files: [String: Data] = [
        "index.html": Data(page.utf8),
        "events/order.placed/index.html": Data("<html><body>order.placed page</body></html>".utf8),
        "assets/site.css": Data("body{}".utf8),
    ]
    static let problem = Diagnostic(
        rule: "SCHEMA_INVALID", category: .schema, severity: .error, message: "field <type> is missing",
        hint: "give every field a type", location: SourceLocation(file: "orders/order.placed/v2.avsc", line: 7, column: 3))

    func app(_ site: LiveSite) -> some ApplicationProtocol {
        Application(router: SiteRoutes(site: site).router())
    }

    func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func servesFilesWithTheLiveScript() async throws {
        let site = LiveSite(SiteSnapshot().built(Self.files))
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(body(response).contains("<h1>Orders</h1>"))
                #expect(body(response).contains("window.heraldGeneration=1</script><script src=\"/_herald/live.js\"></script>\n</body>"))
                #expect(!body(response).contains("herald-overlay"))
            }
            for uri in ["/events/order.placed/", "/events/order.placed", "/events/order.placed/index.html"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(body(response).contains("order.placed page"), "\(uri)")
                }
            }
            try await client.execute(uri: "/assets/site.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(body(response) == "body{}")
            }
            try await client.execute(uri: "/_herald/live.js", method: .get) { response in
                #expect(body(response).contains("new EventSource(\"/_herald/events\")"))
            }
            try await client.execute(uri: "/events/nothing.here/", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test(arguments: [
        "/../etc/passwd", "/events/../../etc/passwd", "/events/..", "/./index.html",
        "/%2e%2e/etc/passwd", "/%2E%2E/etc/passwd", "/events%2F..%2F..%2Fetc%2Fpasswd", "/events%2f%2e%2e",
        "/.%2e/index.html", "/events%5C..%5Cindex.html", "/events\\..\\index.html", "/index.html%00", "//etc/passwd",
        "/events/%zz",
    ])
    func refusesPathsThatCouldLeaveTheSite(_ uri: String) async throws {
        let site = LiveSite(SiteSnapshot().built(Self.files))
        try await app(site).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(uri)")
                #expect(body(response).hasPrefix("refused:"), "\(uri)")
            }
        }
    }

    /// Documents made after the pages: 503 with Retry-After until made, then served, in the same generation.
    @Test func pendingDocumentsAreRefusedUntilMade() async throws {
        var files = Self.files
        files["asyncapi/catalog.yaml"] = Data("old: document\n".utf8)
        let site = LiveSite(SiteSnapshot().built(files))
        site.update { $0.built(Self.files, pending: ["asyncapi/catalog.yaml"]) }
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/asyncapi/catalog.yaml", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(!body(response).contains("old: document"))
            }
            site.amend { $0.completed(["asyncapi/catalog.yaml": Data("new: document\n".utf8), "asyncapi/other.yaml": Data()]) }
            #expect(site.snapshot.generation == 2 && site.snapshot.pending.isEmpty && site.snapshot.files["asyncapi/other.yaml"] == nil)
            try await client.execute(uri: "/asyncapi/catalog.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(body(response) == "new: document\n")
            }
        }
    }

    @Test func resolvesPlainPaths() {
        #expect(SitePath.resolve("/") == .file("index.html"))
        #expect(SitePath.resolve("/events/a%20b/") == .file("events/a b/index.html"))
        #expect(SitePath.resolve("/assets/site.css") == .file("assets/site.css"))
        #expect(SitePath.resolve("/a/../b") == .refused("dot segment"))
        #expect(SitePath.resolve("/a%2Fb") == .refused("encoded slash"))
        #expect(SitePath.resolve("/%2E%2E") == .refused("encoded dot"))
    }

    @Test func failedBuildKeepsTheLastGoodPagesUnderTheOverlay() async throws {
        let site = LiveSite(SiteSnapshot().built(Self.files))
        site.update { $0.failed([Self.problem]) }
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/events/order.placed/", method: .get) { response in
                let text = body(response)
                #expect(response.status == .ok)
                #expect(text.contains("order.placed page"))
                #expect(text.contains("id=\"herald-overlay\""))
                #expect(text.contains("orders/order.placed/v2.avsc:7:3"))
                #expect(text.contains("SCHEMA_INVALID"))
                #expect(text.contains("field &lt;type&gt; is missing"))
                #expect(text.contains("hint: give every field a type"))
                #expect(text.contains("window.heraldGeneration=2"))
            }
        }
        site.update { $0.built(Self.files) }
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/events/order.placed/", method: .get) { response in
                #expect(!body(response).contains("herald-overlay"))
                #expect(body(response).contains("window.heraldGeneration=3"))
            }
        }
    }

    @Test func brokenFromTheStartShowsTheOverlayOnTheHomePage() async throws {
        let site = LiveSite(SiteSnapshot().failed([Self.problem]))
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(body(response).contains("No site yet"))
                #expect(body(response).contains("SCHEMA_INVALID"))
            }
            try await client.execute(uri: "/events/order.placed/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(body(response).contains("SCHEMA_INVALID"))
            }
        }
    }

    @Test func eventStreamAnnouncesEachBuild() async throws {
        let site = LiveSite(SiteSnapshot().built(Self.files))
        // Once the stream is open: one failed build, one good build, then shutdown ends the stream.
        let driver = Task {
            while site.listenerCount == 0 { await Task.yield() }
            site.update { $0.failed([Self.problem]) }
            site.update { $0.built(Self.files) }
            site.finish()
        }
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/_herald/events", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                let text = body(response)
                #expect(text.hasPrefix("event: hello\ndata: 1\n\n"))
                // The stream keeps the newest generation when several arrive at once; the last one always arrives.
                #expect(text.hasSuffix("event: reload\ndata: 3\n\n"))
            }
        }
        await driver.value
        #expect(site.listenerCount == 0)
    }

    @Test func streamsOpenedAfterShutdownEndAtOnce() async {
        let site = LiveSite()
        site.finish()
        var count = 0
        for await _ in site.generations() { count += 1 }
        #expect(count == 0)
    }
}
