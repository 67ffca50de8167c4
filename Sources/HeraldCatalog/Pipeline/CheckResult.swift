import HeraldDiagnostics

/// The last stage's output: every finding of a check, sorted for output, with the catalog's size.
public struct CheckResult: Sendable {
    /// Findings sorted by file, line, column and rule.
    public var diagnostics: [Diagnostic]
    /// Events read.
    public var events: Int
    /// Schema versions read.
    public var versions: Int
    /// Example files checked.
    public var examples: Int
    /// The checked catalog, when the checker was asked to keep it (`CatalogChecker.keepsCatalog`).
    public var catalog: ResolvedCatalog?

    public init(diagnostics: [Diagnostic], events: Int, versions: Int, examples: Int, catalog: ResolvedCatalog? = nil) {
        self.diagnostics = diagnostics
        self.events = events
        self.versions = versions
        self.examples = examples
        self.catalog = catalog
    }

    /// The report every output format renders.
    public var report: DiagnosticReport {
        DiagnosticReport(diagnostics: diagnostics, events: events, versions: versions, examples: examples)
    }

    /// True when no finding is an error: exit status 0.
    public var ok: Bool { !diagnostics.hasErrors }
}
