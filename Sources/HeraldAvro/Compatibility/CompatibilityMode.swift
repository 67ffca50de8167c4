/// A registry compatibility mode, as Confluent Schema Registry names them.
public enum CompatibilityMode: String, Sendable, Hashable, CaseIterable, Codable {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"

    /// Parses a mode name case-insensitively; `-` is accepted for `_` (`backward-transitive`).
    public init?(parsing text: String) {
        let normalised = String(text.uppercased().map { $0 == "-" ? "_" : $0 })
        self.init(rawValue: normalised)
    }

    /// Whether the new schema is checked against every earlier version rather than only the latest.
    public var isTransitive: Bool {
        switch self {
        case .backwardTransitive, .forwardTransitive, .fullTransitive: true
        default: false
        }
    }

    /// The directions checked, in the order the registry reports them (FULL lists forward problems first).
    public var directions: [CompatibilityDirection] {
        switch self {
        case .none: []
        case .backward, .backwardTransitive: [.backward]
        case .forward, .forwardTransitive: [.forward]
        case .full, .fullTransitive: [.forward, .backward]
        }
    }
}

/// Which schema reads and which writes in one check.
public enum CompatibilityDirection: String, Sendable, Hashable, CaseIterable, Codable {
    /// The new schema reads data written with the old one (new consumers, old data).
    case backward
    /// The old schema reads data written with the new one (old consumers, new data).
    case forward

    /// The words for the two sides in this direction.
    public var roles: CompatibilityRoles {
        switch self {
        case .backward: .newReadsOld
        case .forward: .oldReadsNew
        }
    }
}
