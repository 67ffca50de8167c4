import Foundation

/// The first stage's output: every file of a catalog as bytes, keyed by path relative to the catalog root.
public struct CatalogFiles: Sendable {
    /// How diagnostics name the catalog root (e.g. `schemas`, `../other/schemas`); `""` for the current directory.
    public var displayRoot: String
    /// File contents by root-relative path with `/` separators.
    public var files: [String: Data]
    /// Paths the catalog layout would read but that could not be read, with why (`is a folder, not a file`, …).
    public var unreadable: [String: String]

    public init(displayRoot: String, files: [String: Data], unreadable: [String: String] = [:]) {
        self.displayRoot = displayRoot
        self.files = files
        self.unreadable = unreadable
    }

    /// The path diagnostics print for a root-relative path.
    public func displayPath(_ relative: String) -> String {
        displayRoot.isEmpty || displayRoot == "." ? relative : displayRoot + "/" + relative
    }

    /// Paths in sorted order, for deterministic processing.
    public var sortedPaths: [String] { files.keys.sorted() }
}
