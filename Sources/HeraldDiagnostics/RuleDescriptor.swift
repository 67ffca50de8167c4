/// A rule as the rule catalog lists it: stable ID, category, default severity and one-sentence purpose.
/// `herald rules`, the README's rule table and every check draw from the same descriptors.
public struct RuleDescriptor: Sendable, Hashable, Codable {
    /// SCREAMING_SNAKE_CASE, never renamed.
    public var id: String
    public var category: DiagnosticCategory
    /// Severity used unless a caller overrides it.
    public var severity: Severity
    /// What the rule protects, in one sentence.
    public var purpose: String
    /// The default hint attached to its diagnostics.
    public var hint: String?

    public init(id: String, category: DiagnosticCategory, severity: Severity, purpose: String, hint: String? = nil) {
        self.id = id
        self.category = category
        self.severity = severity
        self.purpose = purpose
        self.hint = hint
    }
}
