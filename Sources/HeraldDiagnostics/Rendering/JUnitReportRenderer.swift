/// Renders a report as JUnit XML: one testsuite per category, one testcase per diagnostic, a failure for each error.
public struct JUnitReportRenderer: Sendable {
    public init() {}

    /// The XML document, ending with a newline. With no diagnostics it holds one passing testcase, so CI tools see a result.
    public func render(_ report: DiagnosticReport) -> String {
        let failures = report.diagnostics.filter { $0.severity == .error }.count
        let total = max(report.diagnostics.count, 1)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"herald\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\">\n"
        if report.diagnostics.isEmpty {
            out += "  <testsuite name=\"herald\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
            out += "    <testcase name=\"no findings\" classname=\"herald\"/>\n"
            out += "  </testsuite>\n"
        }
        for category in DiagnosticCategory.allCases {
            let members = report.diagnostics.filter { $0.category == category }
            if members.isEmpty { continue }
            let suiteFailures = members.filter { $0.severity == .error }.count
            out += "  <testsuite name=\"\(category.rawValue)\" tests=\"\(members.count)\" failures=\"\(suiteFailures)\" errors=\"0\">\n"
            for diagnostic in members {
                out += testcase(for: diagnostic, category: category)
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// A report for a run that could not start: one testcase with an `<error>` (not a failure), so CI shows the run errored.
    public func renderCouldNotRun(_ diagnostic: Diagnostic) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"herald\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
        out += "  <testsuite name=\"herald\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
        out += "    <testcase name=\"\(Self.escape(diagnostic.rule))\" classname=\"herald\">\n"
        out += "      <error message=\"\(Self.escape(diagnostic.message))\" type=\"\(Self.escape(diagnostic.rule))\">"
        out += Self.escape(diagnostic.message, attribute: false) + "</error>\n"
        out += "    </testcase>\n  </testsuite>\n</testsuites>\n"
        return out
    }

    func testcase(for diagnostic: Diagnostic, category: DiagnosticCategory) -> String {
        let place = diagnostic.location?.description ?? diagnostic.pointer ?? ""
        let name = place.isEmpty ? diagnostic.rule : diagnostic.rule + " " + place
        let classname = diagnostic.event ?? diagnostic.location?.file ?? category.rawValue
        var body = diagnostic.message
        if let pointer = diagnostic.pointer { body += "\npointer: " + pointer }
        if let hint = diagnostic.hint, !hint.isEmpty { body += "\nhint: " + hint }
        if let impact = diagnostic.impact, let text = TextReportRenderer.describe(impact) { body += "\nimpact: " + text }
        var out = "    <testcase name=\"\(Self.escape(name))\" classname=\"\(Self.escape(classname))\">\n"
        switch diagnostic.severity {
        case .error:
            out += "      <failure message=\"\(Self.escape(diagnostic.message))\" type=\"\(Self.escape(diagnostic.rule))\">"
            out += Self.escape(body, attribute: false) + "</failure>\n"
        case .warning, .note:
            out += "      <system-out>" + Self.escape(diagnostic.severity.rawValue + ": " + body, attribute: false) + "</system-out>\n"
        }
        out += "    </testcase>\n"
        return out
    }

    /// XML escaping for text and attribute values; control characters XML 1.0 cannot carry become U+FFFD.
    static func escape(_ text: String, attribute: Bool = true) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\r": out += "&#13;"
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}
