import Foundation

/// A file a generator emits from the catalog: its path relative to the output root and its bytes.
///
/// Generators (AsyncAPI, the HTML site) return lists of these; only the CLI writes them to disk.
public struct EmittedFile: Sendable, Hashable {
    /// Path relative to the output root, `/`-separated, never absolute and never containing `..`.
    public var path: String
    public var bytes: Data

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }

    /// A UTF-8 text file.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Data(text.utf8))
    }
}
