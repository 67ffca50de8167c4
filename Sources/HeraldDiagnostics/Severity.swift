/// How serious a diagnostic is. `--strict` turns warnings into errors.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The family a rule belongs to, as the design note's JSON contract names them.
public enum DiagnosticCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// A file does not parse (JSON, YAML).
    case syntax
    /// An Avro schema is invalid.
    case schema
    /// Ownership and metadata of the catalog.
    case catalog
    /// Example payloads.
    case example
    /// Compatibility between schema versions.
    case compatibility
    /// Changes against a base revision.
    case history
    /// Differences between the catalog and a schema registry (`herald registry diff`).
    case registry
}
