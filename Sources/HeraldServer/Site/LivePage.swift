import HeraldDiagnostics

/// What `herald serve` adds to each HTML page: the generation it was served at, the reload script and, while the
/// catalog has errors, the diagnostics overlay (in the HTML itself, so it shows without JavaScript too).
enum LivePage {
    /// `html` with the additions placed before its last `</body>` (at the end when there is none).
    static func inject(into html: String, generation: Int, problems: [Diagnostic]) -> String {
        var addition = ""
        if !problems.isEmpty { addition += overlay(problems) }
        addition += "<script>window.heraldGeneration=\(generation)</script><script src=\"/_herald/live.js\"></script>\n"
        guard let body = html.range(of: "</body>", options: .backwards) else { return html + addition }
        return html.replacingCharacters(in: body.lowerBound..<body.lowerBound, with: addition)
    }

    /// The page shown before any build succeeded.
    static func noBuild(generation: Int, problems: [Diagnostic]) -> String {
        let page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Herald: no site yet</title></head>"
            + "<body><h1>No site yet</h1><p>The catalog has not built yet; fix the errors below and this page reloads.</p></body></html>\n"
        return inject(into: page, generation: generation, problems: problems)
    }

    /// The overlay listing `problems`: location, rule, message and hint of each.
    static func overlay(_ problems: [Diagnostic]) -> String {
        let errors = problems.filter { $0.severity == .error }.count
        var html = "<div id=\"herald-overlay\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;z-index:2147483647;"
            + "background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:2rem\">"
        html += "<h2 style=\"color:#ff6b6b;margin-top:0\">The catalog has \(errors) error\(errors == 1 ? "" : "s"); "
            + "the last good build is shown underneath</h2>"
        html += "<p>Fix the file and this page reloads by itself.</p><ol class=\"herald-problems\">"
        for problem in problems.sortedForOutput() {
            html += "<li style=\"margin-bottom:1rem\"><code class=\"herald-location\">\(escape(problem.location?.description ?? "catalog"))</code> "
            html += "<strong class=\"herald-rule\">\(escape(problem.rule))</strong> <span>\(problem.severity)</span><br>"
            html += "<span class=\"herald-message\">\(escape(problem.message))</span>"
            if let hint = problem.hint { html += "<br><em class=\"herald-hint\">hint: \(escape(hint))</em>" }
            html += "</li>"
        }
        return html + "</ol></div>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Reloads the page when the site's generation moves past the one it was served at, over server-sent events.
    static let script = """
        // herald serve: reload this page when the catalog is rebuilt.
        (function () {
          if (!window.EventSource) return;
          var served = String(window.heraldGeneration);
          var events = new EventSource("/_herald/events");
          function check(event) { if (event.data !== served) window.location.reload(); }
          events.addEventListener("hello", check);
          events.addEventListener("reload", check);
        })();

        """
}
