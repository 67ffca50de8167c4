/// An event's lifecycle state.
public enum EventStatus: String, Sendable, Hashable, CaseIterable {
    /// Produced and supported.
    case active
    /// Still produced, but consumers should move to its successor.
    case deprecated
    /// Not yet produced; may still change.
    case draft
}
