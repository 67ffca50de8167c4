import HeraldDiagnostics

/// The last stage's output: every finding of a check, sorted for output, with the catalog's size.
public struct CheckResult: Sendable {
    /// Findings sorted by file, line, column and rule.
    public var diagnostics: [Diagnostic]
    public var events: Int
    public var versions: Int
    public var examples: Int

    /// The report every output format renders.
    public var report: DiagnosticReport {
        DiagnosticReport(diagnostics: diagnostics, events: events, versions: versions, examples: examples)
    }

    /// True when no finding is an error: exit status 0.
    public var ok: Bool { !diagnostics.hasErrors }
}
