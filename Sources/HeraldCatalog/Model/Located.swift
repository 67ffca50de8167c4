import HeraldDiagnostics

/// A value read from a catalog file, with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value as read.
    public var value: Value
    /// Where it was written.
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
