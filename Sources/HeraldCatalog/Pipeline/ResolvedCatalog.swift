import HeraldAvro
import HeraldDiagnostics

/// The third stage's output: schemas parsed against the shared types, examples parsed, references indexed.
public struct ResolvedCatalog: Sendable {
    public var displayRoot: String
    /// catalog.yaml's content; empty when it is missing or does not parse.
    public var manifest: CatalogManifest
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

    /// The event with this name.
    public func event(named name: String) -> ResolvedEvent? { eventIndex[name].map { events[$0] } }

    /// Who a change to `event` hits: its consumers, their owning teams and its daily volume.
    public func impact(of event: ResolvedEvent) -> Impact {
        let consumers = Set(event.manifest?.consumers.map(\.value) ?? []).sorted()
        let teams = Set(consumers.compactMap { services[$0]?.owner?.value }).sorted()
        return Impact(consumers: consumers, teams: teams, volumePerDay: event.manifest?.volume?.value.perDay)
    }
}

/// One event with its schemas and examples parsed.
public struct ResolvedEvent: Sendable {
    public var name: String
    /// The folder relative to the catalog root.
    public var folder: String
    public var manifestFile: String
    /// nil when event.yaml does not parse.
    public var manifest: EventManifest?
    /// All version files in order, with their schema when it parsed.
    public var versions: [ResolvedVersion]
    /// The key schema when `key.schema` names a file that parsed.
    public var keySchema: AvroSchema?
    public var examples: [ResolvedExample]
    /// The effective compatibility mode name (event, else catalog default).
    public var compatibility: String
    /// The effective topic (event, else its name).
    public var topic: String

    /// The highest-numbered version whose schema parsed.
    public var latest: ResolvedVersion? { versions.last { $0.schema != nil } }

    /// Where to report a finding about the event as a whole.
    public var location: SourceLocation { manifest?.documentLocation ?? SourceLocation(file: manifestFile) }
}

/// A version file and its parsed schema.
public struct ResolvedVersion: Sendable {
    public var number: Int
    public var source: SourceText
    /// nil when the schema did not parse (the parser's diagnostics say why).
    public var schema: AvroSchema?
}

/// An example file and its parsed JSON.
public struct ResolvedExample: Sendable {
    public var kind: ExampleFile.Kind
    public var source: SourceText
    /// nil when the JSON did not parse (`EXAMPLE_SYNTAX` says why).
    public var document: JSONNode?
}
