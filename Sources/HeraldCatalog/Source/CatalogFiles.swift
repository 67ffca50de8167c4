import Foundation

/// The first stage's output: every file of a catalog as bytes, keyed by path relative to the catalog root.
public struct CatalogFiles: Sendable {
    /// How diagnostics name the catalog root (e.g. `schemas`, `../other/schemas`); `""` for the current directory.
    public var displayRoot: String
    /// File contents by root-relative path with `/` separators.
    public var files: [String: Data]
    /// Paths the catalog layout would read but that could not be read, with why.
    public var unreadable: [String: UnreadableFile]

    public init(displayRoot: String, files: [String: Data], unreadable: [String: UnreadableFile] = [:]) {
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

/// A path that is there but could not be read as a file.
public struct UnreadableFile: Sendable, Hashable {
    /// What stands in the file's place.
    public enum Kind: Sendable, Hashable {
        /// A folder named like a file.
        case folder
        /// A symbolic link whose target does not exist.
        case danglingLink
        /// A file over the size limit.
        case tooLarge
        /// A file that could not be opened or read.
        case failed
        /// A folder that could not be listed (events inside it may be missing).
        case unlistableFolder
    }

    /// What stands in the file's place.
    public var kind: Kind
    /// Why, as a predicate after the file's name (`is a folder, not a file`).
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
