/// Renders a report as Markdown for a CI job summary (GitHub's `$GITHUB_STEP_SUMMARY`, a merge request note): a
/// heading with the counts, one table row per finding with its blast radius, then the blast radius of all findings.
public struct MarkdownReportRenderer: Sendable {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        var out = "### herald check: " + TextReportRenderer().summaryLine(report.summary) + "\n\n"
        guard !report.diagnostics.isEmpty else {
            return out + "No findings.\n"
        }
        out += "| Severity | Rule | Where | Finding | Blast radius |\n"
        out += "| --- | --- | --- | --- | --- |\n"
        for diagnostic in report.diagnostics {
            out += "| " + [
                diagnostic.severity.rawValue,
                "`" + Self.code(diagnostic.rule) + "`",
                where_(diagnostic),
                finding(diagnostic),
                diagnostic.impact.flatMap(TextReportRenderer.describe).map(Self.cell) ?? "",
            ].joined(separator: " | ") + " |\n"
        }
        if let total = Self.total(report.diagnostics.compactMap(\.impact)), let text = TextReportRenderer.describe(total) {
            out += "\n**Blast radius of all findings:** " + Self.cell(text) + "\n"
        }
        return out
    }

    func where_(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.location.map(\.description) ?? ""
        if let pointer = diagnostic.pointer, diagnostic.location?.line ?? 0 == 0 {
            text += text.isEmpty ? pointer : " (at \(pointer))"
        }
        return text.isEmpty ? "" : "`" + Self.code(text) + "`"
    }

    func finding(_ diagnostic: Diagnostic) -> String {
        var text = Self.cell(diagnostic.message)
        if let hint = diagnostic.hint, !hint.isEmpty { text += "<br>hint: " + Self.cell(hint) }
        return text
    }

    /// Every consumer and team hit by any finding; the volume is the largest single event's, not a sum of guesses.
    static func total(_ impacts: [Impact]) -> Impact? {
        guard !impacts.isEmpty else { return nil }
        return Impact(
            consumers: Array(Set(impacts.flatMap(\.consumers))).sorted(),
            teams: Array(Set(impacts.flatMap(\.teams))).sorted(),
            volumePerDay: impacts.compactMap(\.volumePerDay).max())
    }

    /// Table-cell text: HTML-special characters escaped, pipes escaped, line breaks as `<br>`.
    static func cell(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\n": out += "<br>"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
    }

    /// Text inside a code span in a table cell: backticks and pipes cannot appear there, line breaks neither.
    static func code(_ text: String) -> String {
        String(text.map { ch -> Character in
            switch ch {
            case "`": "'"
            case "|": "¦"
            case "\n", "\r": " "
            default: ch
            }
        })
    }
}
