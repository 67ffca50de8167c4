import Foundation
import HeraldDiagnostics

/// The second stage's output: files sorted into the catalog layout, YAML read into models, nothing cross-checked yet.
public struct ParsedCatalog: Sendable {
    /// How diagnostics name the catalog root.
    public var displayRoot: String
    /// nil when catalog.yaml is missing or does not parse.
    public var manifest: CatalogManifest?
    /// The display path of catalog.yaml.
    public var manifestFile: String
    /// Shared named types from types/*.avsc, sorted by path.
    public var types: [SourceText]
    /// Events sorted by folder.
    public var events: [ParsedEvent]
    /// Findings of this stage (syntax, unknown keys, layout).
    public var diagnostics: [Diagnostic]
}

/// A text file of the catalog with the path diagnostics print.
public struct SourceText: Sendable, Hashable {
    /// The display path (relative to the current directory).
    public var file: String
    /// The file's text, decoded from UTF-8.
    public var text: String

    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }
}

/// One event folder as read from disk.
public struct ParsedEvent: Sendable {
    /// The event's name: its folder's name.
    public var name: String
    /// The folder relative to the catalog root.
    public var folder: String
    /// The display path of event.yaml.
    public var manifestFile: String
    /// nil when event.yaml does not parse (the syntax error is reported).
    public var manifest: EventManifest?
    /// Version files with a valid number, sorted by number, including unreadable ones.
    public var versions: [VersionFile]
    /// The key schema file named by `key.schema`, when present.
    public var keySchema: SourceText?
    /// Example files of every kind.
    public var examples: [ExampleFile]
}

/// A `v<N>.avsc` file.
public struct VersionFile: Sendable, Hashable {
    /// N of vN.avsc.
    public var number: Int
    /// The file and its text (empty when unreadable).
    public var source: SourceText
    /// False when the file could not be read or is not UTF-8 (already reported); the version still counts.
    public var isReadable: Bool = true
}

/// An example payload file.
public struct ExampleFile: Sendable, Hashable {
    /// Which schema the example is checked against, and how.
    public enum Kind: Sendable, Hashable {
        /// examples/*.json: valid for the latest version.
        case latest
        /// examples/v<N>/*.json: valid for version N.
        case pinned(Int)
        /// examples/invalid/*.json: rejected by the latest version.
        case invalid
    }

    /// Which version the example is checked against, and how.
    public var kind: Kind
    /// The file and its text.
    public var source: SourceText
}
