/// One finding, as a value: collected by a stage and printed only by the CLI.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// Stable rule ID in SCREAMING_SNAKE_CASE; never renamed.
    public var rule: String
    public var category: DiagnosticCategory
    public var severity: Severity
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it.
    public var hint: String?
    /// Where it is; `file` nil for standard input.
    public var location: SourceLocation?
    /// JSON pointer into the document (e.g. `/fields/4`), when the finding is about a node of a JSON document.
    public var pointer: String?
    /// The catalog event the finding belongs to.
    public var event: String?
    /// Who is affected.
    public var impact: Impact?

    public init(
        rule: String,
        category: DiagnosticCategory,
        severity: Severity,
        message: String,
        hint: String? = nil,
        location: SourceLocation? = nil,
        pointer: String? = nil,
        event: String? = nil,
        impact: Impact? = nil
    ) {
        self.rule = rule
        self.category = category
        self.severity = severity
        self.message = message
        self.hint = hint
        self.location = location
        self.pointer = pointer
        self.event = event
        self.impact = impact
    }

    /// The same diagnostic created from a rule descriptor, taking its ID, category and default severity.
    public init(
        _ rule: RuleDescriptor,
        message: String,
        hint: String? = nil,
        location: SourceLocation? = nil,
        pointer: String? = nil,
        event: String? = nil,
        impact: Impact? = nil
    ) {
        self.init(
            rule: rule.id, category: rule.category, severity: rule.severity, message: message,
            hint: hint ?? rule.hint, location: location, pointer: pointer, event: event, impact: impact)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted for output: by file, line, column, then rule, so output is deterministic.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            let fa = a.location?.file ?? "", fb = b.location?.file ?? ""
            if fa != fb { return fa < fb }
            let la = a.location?.line ?? 0, lb = b.location?.line ?? 0
            if la != lb { return la < lb }
            let ca = a.location?.column ?? 0, cb = b.location?.column ?? 0
            if ca != cb { return ca < cb }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
    }
}
