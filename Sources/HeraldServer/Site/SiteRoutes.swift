import Foundation
import Hummingbird

/// The site `herald serve` shows over HTTP: the files of the current snapshot (HTML pages with the live additions),
/// `/_herald/live.js`, and `/_herald/events`, a server-sent event stream announcing each new build.
public struct SiteRoutes: Sendable {
    public let site: LiveSite
    /// The live layer (records, publish form, traces); nil serves the site alone.
    public let live: LiveRoutes?

    public init(site: LiveSite, live: LiveRoutes? = nil) {
        self.site = site
        self.live = live
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        add(to: router)
        return router
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let site = self.site
        let live = self.live
        live?.add(to: router)
        router.get("/_herald/live.js") { _, _ in
            Self.response(.ok, type: "text/javascript; charset=utf-8", bytes: Data(LivePage.script.utf8))
        }
        router.get("/_herald/events") { _, _ in
            let generations = site.generations()
            var headers = Self.headers(type: "text/event-stream; charset=utf-8")
            headers[.connection] = "keep-alive"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                var first = true
                for await generation in generations {
                    let name = first ? "hello" : "reload"
                    first = false
                    try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(generation)\n\n"))
                }
                try await writer.finish(nil)
            })
        }
        let serve: @Sendable (Request, Context) async throws -> Response = { request, _ in
            Self.serve(request.uri.path, from: site.snapshot, decorate: live.map { live in { live.decorate(page: $0, path: $1) } })
        }
        router.get("/", use: serve)
        router.get("/**", use: serve)
        router.head("/", use: serve)
        router.head("/**", use: serve)
    }

    /// The response for `rawPath` from `snapshot`: the file, a refusal (400) or not found (404).
    /// `decorate` adds to an HTML page by its path (the live layer's panel).
    static func serve(_ rawPath: String, from snapshot: SiteSnapshot, decorate: ((String, String) -> String)? = nil) -> Response {
        switch SitePath.resolve(rawPath) {
        case .refused(let reason):
            return response(.badRequest, type: "text/plain; charset=utf-8", bytes: Data("refused: \(reason)\n".utf8))
        case .file(let path):
            if snapshot.files.isEmpty && path == "index.html" {
                let page = LivePage.noBuild(generation: snapshot.generation, problems: snapshot.problems)
                return response(.ok, type: "text/html; charset=utf-8", bytes: Data(page.utf8))
            }
            if snapshot.pending.contains(path) {
                // Generated after the pages an edit reached: the previous version is stale, so none is served.
                var headers = headers(type: "text/plain; charset=utf-8")
                headers[.retryAfter] = "1"
                let text = "\(path) is being regenerated after the last edit; retry in a moment.\n"
                return Response(status: .serviceUnavailable, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: Data(text.utf8))))
            }
            // A folder's index page, for paths written without the trailing slash.
            guard let (name, bytes) = [path, path + "/index.html"].lazy.compactMap({ name in snapshot.files[name].map { (name, $0) } }).first
            else {
                let page = snapshot.files["404.html"].map { String(decoding: $0, as: UTF8.self) }
                    ?? "<!doctype html>\n<html><body><h1>Not found</h1></body></html>\n"
                let body = LivePage.inject(into: page, generation: snapshot.generation, problems: snapshot.problems)
                return response(.notFound, type: "text/html; charset=utf-8", bytes: Data(body.utf8))
            }
            let type = contentType(name)
            guard type.hasPrefix("text/html") else { return response(.ok, type: type, bytes: bytes) }
            var page = LivePage.inject(into: String(decoding: bytes, as: UTF8.self), generation: snapshot.generation, problems: snapshot.problems)
            if let decorate { page = decorate(page, name) }
            return response(.ok, type: type, bytes: Data(page.utf8))
        }
    }

    static func response(_ status: HTTPResponse.Status, type: String, bytes: Data) -> Response {
        Response(status: status, headers: headers(type: type), body: ResponseBody(byteBuffer: ByteBuffer(data: bytes)))
    }

    static func headers(type: String) -> HTTPFields {
        [.contentType: type, .cacheControl: "no-store"]
    }

    /// The media type of a site file, by its extension.
    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "xml": "application/xml"
        case "yaml", "yml": "application/yaml"
        case "txt": "text/plain; charset=utf-8"
        case "avsc": "application/json"
        default: "application/octet-stream"
        }
    }
}
