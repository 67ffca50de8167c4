import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import HeraldDiagnostics
import HeraldTestSupport

/// Golden-file tests of every output format (Golden.swift: `HERALD_UPDATE_GOLDENS=1` rewrites them).
@Suite struct RendererGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/golden")

    /// A report exercising every optional part: hints, impacts, pointers, characters that need escaping in each format.
    static let sample: DiagnosticReport = {
        let diagnostics = [
            Diagnostic(
                rule: "READER_FIELD_MISSING_DEFAULT_VALUE", category: .compatibility, severity: .error,
                message: "The field 'status' at path '/fields/4' in the new schema has no default value and is missing in the old schema",
                hint: "add a default to field `status`",
                location: SourceLocation(file: "schemas/order/order.status.changed/v3.avsc", line: 14, column: 9),
                pointer: "/fields/4", event: "order.status.changed",
                impact: Impact(consumers: ["dealer-portal", "notifications"], teams: ["dealer-team"], volumePerDay: 5000)),
            Diagnostic(
                rule: "EVENT_NAME_STYLE", category: .catalog, severity: .warning,
                message: "Event name \"Order<Created>\" should be lowercase, e.g. 50% & 'more',\nsecond line",
                hint: "rename the folder to `order.created`",
                location: SourceLocation(file: "schemas/order,x:y/event.yaml", line: 1, column: 1)),
            Diagnostic(
                rule: "SCHEMA_PARSE_ERROR", category: .syntax, severity: .error,
                message: "unexpected end of input",
                location: SourceLocation(file: "schemas/types/money.avsc")),
            Diagnostic(
                rule: "TYPE_MISMATCH", category: .compatibility, severity: .error,
                message: "reader type: INT not compatible with writer type: STRING", pointer: "/"),
        ]
        return DiagnosticReport(diagnostics: diagnostics, events: 42, versions: 71, examples: 88)
    }()

    static let empty = DiagnosticReport(diagnostics: [], versions: 3)

    func compare(_ text: String, golden name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try Golden.check(text, against: Self.goldenDirectory.appendingPathComponent(name), sourceLocation: sourceLocation)
    }

    @Test func text() throws {
        try compare(TextReportRenderer().render(Self.sample), golden: "report.txt")
        try compare(TextReportRenderer().render(Self.empty), golden: "empty.txt")
    }

    @Test func textInColour() throws {
        try compare(TextReportRenderer(colour: true).render(Self.sample), golden: "report-colour.txt")
        #expect(!TextReportRenderer().render(Self.sample).contains("\u{1B}"))
    }

    @Test func json() throws {
        try compare(JSONReportRenderer().render(Self.sample), golden: "report.json")
        try compare(JSONReportRenderer().render(Self.empty), golden: "empty.json")
    }

    @Test func jsonParsesAndHasTheContractShape() throws {
        let text = JSONReportRenderer().render(Self.sample)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["ok"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 4)
        #expect(Set(diagnostics[0].keys) == ["rule", "category", "severity", "message", "hint", "file", "line", "column", "pointer", "event", "impact"])
        // Unknown parts are left out rather than written as null or 0.
        #expect(Set(diagnostics[2].keys) == ["rule", "category", "severity", "message", "file"])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["events": 42, "versions": 71, "examples": 88, "errors": 3, "warnings": 1])
        let emptySummary = try #require(try JSONSerialization.jsonObject(with: Data(JSONReportRenderer().render(Self.empty).utf8)) as? [String: Any])
        #expect(emptySummary["ok"] as? Bool == true)
    }

    @Test func github() throws {
        try compare(GitHubAnnotationRenderer().render(Self.sample), golden: "report.github.txt")
    }

    @Test func githubEscaping() {
        #expect(GitHubAnnotationRenderer.escapeData("50%\r\nx") == "50%25%0D%0Ax")
        #expect(GitHubAnnotationRenderer.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func junit() throws {
        try compare(JUnitReportRenderer().render(Self.sample), golden: "report.junit.xml")
        try compare(JUnitReportRenderer().render(Self.empty), golden: "empty.junit.xml")
    }

    @Test func junitIsWellFormedXML() throws {
        let text = JUnitReportRenderer().render(Self.sample)
        let document = try XMLDocument(xmlString: text)
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 3)
        #expect(try document.nodes(forXPath: "//failure").count == 3)
    }

    @Test func markdown() throws {
        try compare(MarkdownReportRenderer().render(Self.sample), golden: "report.md")
        try compare(MarkdownReportRenderer().render(Self.empty), golden: "empty.md")
    }

    @Test func markdownTableCellsKeepOneRowPerFinding() {
        let rows = MarkdownReportRenderer().render(Self.sample).split(separator: "\n").filter { $0.hasPrefix("| ") }
        // Header, separator and four findings; a message's line break and its `|`, `<`, `&` cannot break the table.
        #expect(rows.count == 6)
        #expect(MarkdownReportRenderer.cell("a|b<c>&\nd") == "a\\|b&lt;c&gt;&amp;<br>d")
        #expect(MarkdownReportRenderer.code("x`y|z") == "x'y¦z")
    }

    @Test func markdownBlastRadiusUnitesEveryFinding() {
        let total = MarkdownReportRenderer.total([
            Impact(consumers: ["b", "a"], teams: ["t1"], volumePerDay: 10),
            Impact(consumers: ["a", "c"], teams: ["t2"], volumePerDay: nil),
        ])
        #expect(total == Impact(consumers: ["a", "b", "c"], teams: ["t1", "t2"], volumePerDay: 10))
        #expect(MarkdownReportRenderer.total([]) == nil)
    }

    @Test func formatsAreSelectableByName() {
        #expect(ReportFormat(rawValue: "markdown") == .markdown)
        #expect(ReportFormat(rawValue: "junit") == .junit)
        #expect(ReportFormat.json.render(Self.sample) == JSONReportRenderer().render(Self.sample))
    }
}
