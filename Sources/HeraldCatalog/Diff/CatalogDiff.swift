import HeraldAvro
import HeraldDiagnostics

/// What changed in a catalog's schemas since a base revision, event by event: each new or edited version as a
/// `VersionDiff` (changes, verdict under the event's mode), with the event's blast radius. `herald diff` renders it.
public struct CatalogDiff: Sendable {
    public struct EventDiff: Sendable {
        public enum Status: String, Sendable, Hashable {
            case added, changed, removed
        }

        public var name: String
        public var status: Status
        /// The mode in the working tree (the base's for a removed event); nil when it names no known mode.
        public var mode: CompatibilityMode?
        /// Who reads the event: the consumers, their teams and the volume, as the working tree states them.
        public var impact: Impact
        /// By version number: a new version against the one before it, a published one edited since against its base text.
        public var versions: [VersionDiff]
        /// Versions left out because their schema does not parse (`herald check` says why).
        public var unparsed: [Int]
        /// Published versions whose Parsing Canonical Form changed: more than a doc edit, which `check` refuses.
        public var rewritten: [Int]
        public var latestVersion: Int?

        /// False when a version breaks readers under the mode, or the event was removed while it has consumers.
        public var isCompatible: Bool {
            status == .removed ? impact.consumers.isEmpty : rewritten.isEmpty && versions.allSatisfy(\.isCompatible)
        }
    }

    /// How the base was named (`main`, `../base/schemas`).
    public var base: String
    /// Changed events, sorted by name.
    public var events: [EventDiff]
    /// The event asked for when neither catalog has it.
    public var unknownEvent: String?

    public init(base: String, events: [EventDiff], unknownEvent: String? = nil) {
        self.base = base
        self.events = events
        self.unknownEvent = unknownEvent
    }

    /// The differences of `current` from `base`; with `event`, of that event only. Neither catalog needs to be clean:
    /// a version that does not parse is listed as such and skipped.
    public static func compare(_ current: CatalogFiles, against base: CatalogFiles, baseName: String, event: String? = nil) -> CatalogDiff {
        let resolver = CatalogResolver(retainsAllSchemas: true, computesCanonicalForms: false)
        let currentCatalog = resolver.resolve(CatalogParser().parse(current))
        let baseCatalog = resolver.resolve(CatalogParser().parse(base))
        return compare(currentCatalog, against: baseCatalog, baseName: baseName, event: event)
    }

    /// `compare` on resolved catalogs that kept every version's schema.
    public static func compare(_ current: ResolvedCatalog, against base: ResolvedCatalog, baseName: String, event: String? = nil) -> CatalogDiff {
        var names = Set(current.events.map(\.name)).union(base.events.map(\.name))
        if let event {
            guard names.contains(event) else { return CatalogDiff(base: baseName, events: [], unknownEvent: event) }
            names = [event]
        }
        var events: [EventDiff] = []
        for name in names.sorted() {
            let now = current.event(named: name)
            let then = base.event(named: name)
            if let now {
                if let diff = compare(now, then, impact: current.impact(of: now)), then == nil || !diff.versions.isEmpty || !diff.unparsed.isEmpty || !diff.rewritten.isEmpty {
                    events.append(diff)
                }
            } else if let then {
                events.append(EventDiff(
                    name: name, status: .removed, mode: CompatibilityMode(parsing: then.compatibility), impact: base.impact(of: then),
                    versions: [], unparsed: [], rewritten: [], latestVersion: then.latest?.number))
            }
        }
        return CatalogDiff(base: baseName, events: events)
    }

    /// One event present in the working tree: its versions missing from the base against the version before them,
    /// and its published versions whose schema text changed against their base text.
    static func compare(_ event: ResolvedEvent, _ base: ResolvedEvent?, impact: Impact) -> EventDiff? {
        let mode = CompatibilityMode(parsing: event.compatibility)
        let checkedMode = mode ?? .none
        let parsed = event.versions.compactMap { version in version.schema.map { VersionedSchema(version: version.number, schema: $0) } }
        let baseVersions = Dictionary((base?.versions ?? []).map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        var versions: [VersionDiff] = []
        var unparsed: [Int] = []
        var rewritten: [Int] = []
        for version in event.versions {
            guard let schema = version.schema else {
                if baseVersions[version.number]?.source.text != version.source.text { unparsed.append(version.number) }
                continue
            }
            let newer = VersionedSchema(version: version.number, schema: schema)
            if let old = baseVersions[version.number] {
                guard old.source.text != version.source.text, let oldSchema = old.schema else { continue }
                // An edited published version, checked as if it replaced its base text after the versions before it.
                let earlier = (base?.versions ?? []).filter { $0.number <= version.number }
                    .compactMap { v in v.schema.map { VersionedSchema(version: v.number, schema: $0) } }
                let diff = VersionDiff.compare(
                    older: VersionedSchema(version: old.number, schema: oldSchema), newer: newer, earlier: earlier, mode: checkedMode,
                    olderLabel: "v\(old.number) (base)", newerLabel: "v\(version.number)")
                if !diff.changes.isEmpty || !diff.isCompatible { versions.append(diff) }
                if oldSchema.canonicalForm != schema.canonicalForm { rewritten.append(version.number) }
            } else {
                let earlier = parsed.filter { $0.version < version.number }
                guard let older = earlier.last else { continue }
                versions.append(VersionDiff.compare(older: older, newer: newer, earlier: earlier, mode: checkedMode))
            }
        }
        return EventDiff(
            name: event.name, status: base == nil ? .added : .changed, mode: mode, impact: impact,
            versions: versions, unparsed: unparsed, rewritten: rewritten, latestVersion: event.latest?.number)
    }
}
