import HeraldDiagnostics

/// `event.yaml`: ownership and metadata of one event.
public struct EventManifest: Sendable, Hashable {
    /// One-sentence summary.
    public var summary: Located<String>?
    /// Markdown description.
    public var description: Located<String>?
    /// A team ID.
    public var owner: Located<String>?
    /// Service IDs (one or more).
    public var producers: [Located<String>] = []
    /// Service IDs.
    public var consumers: [Located<String>] = []
    /// Daily traffic, parsed from the rate as written.
    public var volume: Located<EventVolume>?
    /// The Kafka topic; nil means the event's name.
    public var topic: Located<String>?
    /// Compatibility mode name as written; nil means the catalog default.
    public var compatibility: Located<String>?
    /// Why the compatibility mode was loosened; a new or changed text is the notice `COMPATIBILITY_LOOSENED` asks for.
    public var compatibilityChangeReason: Located<String>?
    /// The message key.
    public var key: EventKey?
    /// The payload field identifying an event; nil means `eventId`.
    public var idField: Located<String>?
    /// nil means active.
    public var status: Located<EventStatus>?
    /// The name of the event this one replaces.
    public var supersedes: Located<String>?
    /// Free-form tags.
    public var tags: [Located<String>] = []
    /// The topic's partition count.
    public var partitions: Located<Int>?
    /// Overrides of the catalog's DLQ defaults.
    public var dlq: DLQPolicy?
    /// Where the whole document starts (for findings about a missing key).
    public var documentLocation: SourceLocation
    /// Where each key present in the document is written, null-valued ones included (for findings about an empty key).
    public var keyLocations: [String: SourceLocation] = [:]
    /// Keys present with a non-null value of the wrong type (already reported as `YAML_WRONG_TYPE`).
    public var mistypedKeys: Set<String> = []

    public init(documentLocation: SourceLocation) { self.documentLocation = documentLocation }

    public var effectiveStatus: EventStatus { status?.value ?? .active }
}

/// The message key of an event.
public enum EventKey: Sendable, Hashable {
    /// A primitive Avro type name (`string`, `long`, …).
    case type(Located<String>)
    /// An Avro schema file, relative to the event folder.
    case schema(Located<String>)
}
