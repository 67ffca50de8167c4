import HeraldDiagnostics

/// `event.yaml`: ownership and metadata of one event.
public struct EventManifest: Sendable, Hashable {
    public var summary: Located<String>?
    public var description: Located<String>?
    /// A team ID.
    public var owner: Located<String>?
    /// Service IDs (one or more).
    public var producers: [Located<String>] = []
    /// Service IDs.
    public var consumers: [Located<String>] = []
    public var volume: Located<EventVolume>?
    /// The Kafka topic; nil means the event's name.
    public var topic: Located<String>?
    /// Compatibility mode name as written; nil means the catalog default.
    public var compatibility: Located<String>?
    /// Why the compatibility mode was loosened; a new or changed text is the notice `COMPATIBILITY_LOOSENED` asks for.
    public var compatibilityChangeReason: Located<String>?
    public var key: EventKey?
    /// The payload field identifying an event; nil means `eventId`.
    public var idField: Located<String>?
    /// nil means active.
    public var status: Located<EventStatus>?
    /// The name of the event this one replaces.
    public var supersedes: Located<String>?
    public var tags: [Located<String>] = []
    public var partitions: Located<Int>?
    /// Overrides of the catalog's DLQ defaults.
    public var dlq: DLQPolicy?
    /// Where the whole document starts (for findings about a missing key).
    public var documentLocation: SourceLocation

    public init(documentLocation: SourceLocation) { self.documentLocation = documentLocation }

    /// The effective status.
    public var effectiveStatus: EventStatus { status?.value ?? .active }
}

/// The message key of an event.
public enum EventKey: Sendable, Hashable {
    /// A primitive Avro type name (`string`, `long`, …).
    case type(Located<String>)
    /// An Avro schema file, relative to the event folder.
    case schema(Located<String>)
}
