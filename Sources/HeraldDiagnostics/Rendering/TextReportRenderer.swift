/// Renders a report for people: `file:line:col: error: message [RULE]`, indented hint and impact lines, a summary line.
public struct TextReportRenderer: Sendable {
    /// Whether to use ANSI colours (only when the caller knows the output is a terminal, or was asked).
    public var colour: Bool

    public init(colour: Bool = false) {
        self.colour = colour
    }

    /// The whole report, ending with a newline.
    public func render(_ report: DiagnosticReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += line(for: diagnostic) + "\n"
            if let hint = diagnostic.hint, !hint.isEmpty {
                out += "    " + paint("hint:", .cyan) + " " + hint + "\n"
            }
            if let impact = diagnostic.impact, let text = Self.describe(impact) {
                out += "    " + paint("impact:", .magenta) + " " + text + "\n"
            }
        }
        out += summaryLine(report.summary) + "\n"
        return out
    }

    /// The first line of one diagnostic.
    func line(for diagnostic: Diagnostic) -> String {
        var prefix = ""
        if let location = diagnostic.location {
            prefix = paint(location.description + ":", .bold) + " "
        }
        let severity = paint(diagnostic.severity.rawValue + ":", severityStyle(diagnostic.severity))
        // Continuation lines are indented so each diagnostic still starts at column 1.
        var message = diagnostic.message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
        if let pointer = diagnostic.pointer, diagnostic.location?.line ?? 0 == 0 { message += " (at \(pointer))" }
        return prefix + severity + " " + message + " " + paint("[" + diagnostic.rule + "]", .dim)
    }

    /// `2 errors, 1 warning in 42 events`.
    func summaryLine(_ summary: DiagnosticSummary) -> String {
        var text = Self.count(summary.errors, "error") + ", " + Self.count(summary.warnings, "warning")
        if let events = summary.events {
            text += " in " + Self.count(events, "event")
        } else if let versions = summary.versions {
            text += " in " + Self.count(versions, "schema version")
        }
        return paint(text, summary.errors > 0 ? .red : .green)
    }

    /// `consumers a, b; teams t; 5000/day`, or nil when the impact names nobody and no volume.
    static func describe(_ impact: Impact) -> String? {
        var parts: [String] = []
        if !impact.consumers.isEmpty { parts.append("consumers " + impact.consumers.joined(separator: ", ")) }
        if !impact.teams.isEmpty { parts.append("teams " + impact.teams.joined(separator: ", ")) }
        if let volume = impact.volumePerDay { parts.append("\(volume) events/day") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)" + (n == 1 ? "" : "s")
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "1;31"
        case yellow = "1;33"
        case green = "32"
        case cyan = "36"
        case magenta = "35"
        case blue = "1;34"
    }

    func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .note: .blue
        }
    }

    func paint(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
