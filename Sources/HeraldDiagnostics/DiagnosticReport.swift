/// The diagnostics of one run together with its summary counts: what every output format renders.
public struct DiagnosticReport: Sendable, Hashable {
    /// Findings in the order they are printed; callers sort them (e.g. `sortedForOutput()`) when order is not meaningful.
    public var diagnostics: [Diagnostic]
    /// Counts shown at the end of text output and under `summary` in JSON.
    public var summary: DiagnosticSummary

    /// A report whose error and warning counts are taken from the diagnostics; catalog counts are optional.
    public init(diagnostics: [Diagnostic], events: Int? = nil, versions: Int? = nil, examples: Int? = nil) {
        self.diagnostics = diagnostics
        self.summary = DiagnosticSummary(
            events: events, versions: versions, examples: examples,
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count)
    }

    /// A report with an explicit summary (e.g. after `--strict` changed severities elsewhere).
    public init(diagnostics: [Diagnostic], summary: DiagnosticSummary) {
        self.diagnostics = diagnostics
        self.summary = summary
    }

    /// True when the run found no errors: the JSON `ok` field and exit status 0.
    public var ok: Bool { summary.errors == 0 }
}

/// Summary counts of a run. Catalog counts are nil for commands that do not read a catalog (`herald avro …`).
public struct DiagnosticSummary: Sendable, Hashable, Codable {
    /// Events read from the catalog.
    public var events: Int?
    /// Schema versions read.
    public var versions: Int?
    /// Example payloads checked.
    public var examples: Int?
    /// Diagnostics with severity error.
    public var errors: Int
    /// Diagnostics with severity warning.
    public var warnings: Int

    public init(events: Int? = nil, versions: Int? = nil, examples: Int? = nil, errors: Int, warnings: Int) {
        self.events = events
        self.versions = versions
        self.examples = examples
        self.errors = errors
        self.warnings = warnings
    }
}

/// The output formats every command with findings accepts through `--format`.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case text
    case json
    case github
    case junit
    case markdown

    /// Renders the report in this format; `colour` only affects text.
    public func render(_ report: DiagnosticReport, colour: Bool = false) -> String {
        switch self {
        case .text: TextReportRenderer(colour: colour).render(report)
        case .json: JSONReportRenderer().render(report)
        case .github: GitHubAnnotationRenderer().render(report)
        case .junit: JUnitReportRenderer().render(report)
        case .markdown: MarkdownReportRenderer().render(report)
        }
    }
}
