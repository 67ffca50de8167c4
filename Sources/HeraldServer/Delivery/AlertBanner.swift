import HeraldDelivery
import Hummingbird

/// The delivery alerts as a banner at the top of every served HTML page (rendered into the HTML, so it shows
/// without JavaScript), while there are any.
public enum AlertBanner {
    /// How many of the newest alerts the banner lists.
    public static let shown = 3

    /// `html` with the banner after its `<body …>` tag; unchanged without alerts or without a body tag.
    public static func inject(into html: String, alerts: [DeliveryAlert]) -> String {
        guard !alerts.isEmpty, let open = html.range(of: "<body"), let close = html[open.upperBound...].firstIndex(of: ">") else { return html }
        let items = alerts.prefix(shown).map { "<li>\(escape($0.message))</li>" }.joined()
        let more = alerts.count > shown ? "<p>\(alerts.count - shown) more in <a href=\"/_live/alerts\">/_live/alerts</a></p>" : ""
        let banner = "<div class=\"herald-alerts\" role=\"alert\" style=\"background:#fde8e8;color:#7a1010;border-bottom:2px solid #c81e1e;"
            + "padding:.5em 1em;font:14px/1.4 system-ui,sans-serif\"><strong>\(alerts.count) delivery alert\(alerts.count == 1 ? "" : "s")</strong>"
            + "<ul style=\"margin:.25em 0\">\(items)</ul>\(more)</div>"
        let at = html.index(after: close)
        return String(html[..<at]) + banner + String(html[at...])
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Adds `AlertBanner` to HTML responses.
struct AlertBannerMiddleware<Context: RequestContext>: RouterMiddleware {
    let source: any DeliveryStatusSource

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.headers[.contentType]?.hasPrefix("text/html") == true else { return response }
        let alerts = source.alerts()
        guard !alerts.isEmpty else { return response }
        response.body = response.body.map { buffer in
            ByteBuffer(string: AlertBanner.inject(into: String(buffer: buffer), alerts: alerts))
        }
        response.headers[.contentLength] = nil
        return response
    }
}
