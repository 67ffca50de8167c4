import HeraldAvro
import HeraldDiagnostics

/// The third stage's output: schemas parsed against the shared types, examples parsed, references indexed.
public struct ResolvedCatalog: Sendable {
    /// How diagnostics name the catalog root.
    public var displayRoot: String
    /// catalog.yaml's content; empty when it is missing or does not parse.
    public var manifest: CatalogManifest
    /// False when catalog.yaml is missing or does not parse: references cannot be checked then (the cause is reported).
    public var hasManifest: Bool
    /// The display path of the manifest (catalog.yaml, or the event's event.yaml).
    public var manifestFile: String
    /// Teams by ID (the first declaration wins).
    public var teams: [String: CatalogManifest.Team]
    /// Services by ID (the first declaration wins).
    public var services: [String: CatalogManifest.Service]
    /// Events sorted by folder.
    public var events: [ResolvedEvent]
    /// Index into `events` by name (the first folder wins when names collide).
    public var eventIndex: [String: Int]
    /// The catalog default compatibility mode name (`BACKWARD` unless catalog.yaml says otherwise).
    public var defaultCompatibility: String
    /// The shared named types of types/*.avsc.
    public var types: SharedTypes
    /// Number of shared type files.
    public var typeFileCount: Int
    /// Findings of the parse and resolve stages.
    public var diagnostics: [Diagnostic]

    public func event(named name: String) -> ResolvedEvent? { eventIndex[name].map { events[$0] } }

    /// Who a change to `event` hits: its consumers, their owning teams and its daily volume.
    public func impact(of event: ResolvedEvent) -> Impact { Impact(of: event.manifest, services: services) }
}

/// One event with its schemas and examples parsed.
public struct ResolvedEvent: Sendable {
    /// The event's name: its folder's name.
    public var name: String
    /// The folder relative to the catalog root.
    public var folder: String
    /// The display path of the manifest (catalog.yaml, or the event's event.yaml).
    public var manifestFile: String
    /// nil when event.yaml does not parse.
    public var manifest: EventManifest?
    /// All version files in order, with their schema when it parsed.
    public var versions: [ResolvedVersion]
    /// The key schema when `key.schema` names a file that parsed.
    public var keySchema: AvroSchema?
    /// The key schema file and its text, when `key.schema` names a file that was read (registries take the text).
    public var keySource: SourceText?
    /// Example files, parsed when checked.
    public var examples: [ResolvedExample]
    /// The effective compatibility mode name (event, else catalog default).
    public var compatibility: String
    /// The effective topic (event, else its name).
    public var topic: String

    /// The highest-numbered version whose schema parsed.
    public var latest: ResolvedVersion? { versions.last { $0.isValid } }

    /// Where to report a finding about the event as a whole.
    public var location: SourceLocation { manifest?.documentLocation ?? SourceLocation(file: manifestFile) }
}

/// A version file and its parsed schema.
public struct ResolvedVersion: Sendable {
    /// N of vN.avsc.
    public var number: Int
    /// The file and its text.
    public var source: SourceText
    /// nil when the schema did not parse (the parser's diagnostics say why), or was released after the event rules
    /// ran (see `CatalogResolver.retainsAllSchemas`; the latest version's is always kept).
    public var schema: AvroSchema?
    /// Whether the schema parsed.
    public var isValid: Bool
    /// The Parsing Canonical Form; nil when the schema did not parse or forms were not asked for.
    public var canonicalForm: String?
}

/// An example file, to be checked against the version its kind names.
public struct ResolvedExample: Sendable {
    /// Which version the example is checked against, and how.
    public var kind: ExampleFile.Kind
    /// The file and its text.
    public var source: SourceText

    /// The example's JSON, parsed on each access (not stored, so a large catalog does not hold every example tree);
    /// nil when it is not valid JSON (`EXAMPLE_SYNTAX` reports why).
    public var document: JSONNode? { try? JSONParser().parse(source.text) }
}

extension Impact {
    /// Who a change to an event hits: its consumers, their owning teams and its daily volume.
    init(of manifest: EventManifest?, services: [String: CatalogManifest.Service]) {
        let consumers = Set(manifest?.consumers.map(\.value) ?? []).sorted()
        let teams = Set(consumers.compactMap { services[$0]?.owner?.value }).sorted()
        self.init(consumers: consumers, teams: teams, volumePerDay: manifest?.volume?.value.perDay)
    }
}
