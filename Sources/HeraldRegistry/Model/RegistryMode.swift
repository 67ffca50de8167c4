/// A registry mode (Confluent's `/mode`): what writes are allowed.
public enum RegistryMode: String, Sendable, Hashable, CaseIterable {
    /// Registrations with fresh IDs; the default.
    case readWrite = "READWRITE"
    /// No registrations, deletions or config changes of subjects.
    case readOnly = "READONLY"
    /// Registrations only with an explicit ID and version, without compatibility checks (for copying a registry).
    case `import` = "IMPORT"

    /// The mode named `text`, in any case; nil when unknown.
    public init?(parsing text: String) {
        guard let mode = RegistryMode(rawValue: text.uppercased()) else { return nil }
        self = mode
    }
}

/// A version in a request path: a number in [1, 2^31-1], `latest`, or `-1` (Confluent's alias of latest).
public enum VersionSelector: Sendable, Hashable {
    case latest
    case number(Int)

    /// Parses a path segment; a bad one is Confluent's 42202.
    public static func parse(_ text: String) throws(RegistryError) -> VersionSelector {
        if text.lowercased() == "latest" || text == "-1" { return .latest }
        guard let n = Int(text), n >= 1, n <= Int(Int32.max) else { throw .invalidVersion(text) }
        return .number(n)
    }
}
