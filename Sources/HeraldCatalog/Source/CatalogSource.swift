/// Where a catalog's files come from: a directory on disk or a git revision.
public protocol CatalogSource: Sendable {
    /// Reads every file of the catalog; throws only when the source itself cannot be read.
    func load() throws -> CatalogFiles
}

/// A catalog source that could not be read at all (not a finding about the catalog: `herald` exits 2).
public struct CatalogSourceError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
