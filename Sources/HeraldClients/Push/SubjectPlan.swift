import HeraldCatalog
import HeraldDiagnostics

/// What the catalog says one registry subject must hold.
public struct SubjectPlan: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A types/*.avsc file.
        case sharedType
        /// An event's value schemas, `<topic>-value`.
        case eventValue(event: String)
        /// An event's key schema, `<topic>-key`.
        case eventKey(event: String)
    }

    public var subject: String
    public var kind: Kind
    /// The compatibility mode the subject must have (an event's keys and values both take the event's); nil for shared
    /// types, whose subjects keep the registry's default.
    public var mode: String?
    /// In registration order.
    public var versions: [PlannedSchema]
    /// Where the mode comes from: the event's `compatibility:` key, else its event.yaml.
    public var modeLocation: SourceLocation?

    public init(subject: String, kind: Kind, mode: String?, versions: [PlannedSchema], modeLocation: SourceLocation? = nil) {
        self.subject = subject
        self.kind = kind
        self.mode = mode
        self.versions = versions
        self.modeLocation = modeLocation
    }

    /// The event this subject belongs to.
    public var event: String? {
        switch kind {
        case .sharedType: nil
        case .eventValue(let event), .eventKey(let event): event
        }
    }
}

/// One schema to register: the catalog file's text, its references and the canonical form it resolves to.
public struct PlannedSchema: Sendable, Hashable {
    /// N of vN.avsc; 1 for a shared type or key.
    public var number: Int
    /// The catalog file, as diagnostics name it.
    public var file: String
    /// The text registered, as written in the catalog.
    public var schema: String
    /// The Parsing Canonical Form with every referenced type written out: what the registry's copy must resolve to.
    public var canonicalForm: String
    /// Subjects this schema references; their versions are the ones holding the catalog's form, known once registered.
    public var references: [PlannedReference]

    public init(number: Int, file: String, schema: String, canonicalForm: String, references: [PlannedReference]) {
        self.number = number
        self.file = file
        self.schema = schema
        self.canonicalForm = canonicalForm
        self.references = references
    }
}

/// A reference to a shared type's subject (Confluent's `name` is the type's full name).
public struct PlannedReference: Sendable, Hashable {
    public var name: String
    public var subject: String

    public init(name: String, subject: String) {
        self.name = name
        self.subject = subject
    }
}

/// Everything the catalog registers, in order: shared types first (each after the types it references), then per
/// event, sorted by name, its key subject and its value subject with the versions in order.
public struct PushPlan: Sendable, Hashable {
    public var subjects: [SubjectPlan]
    /// Events skipped, with the reason (a version that does not parse): `herald check` reports them in full.
    public var skipped: [String]

    public init(subjects: [SubjectPlan], skipped: [String] = []) {
        self.subjects = subjects
        self.skipped = skipped
    }

    /// The subject with this name.
    public func subject(named name: String) -> SubjectPlan? { subjects.first { $0.subject == name } }
}

extension PushPlan {
    /// The part of the plan the events need: their key and value subjects and the shared types those reference,
    /// directly or through other shared types.
    public func needed(by events: [ResolvedEvent]) -> PushPlan {
        let names = Set(events.map(\.name))
        var wanted = Set(subjects.filter { $0.event.map(names.contains) ?? false }.map(\.subject))
        var pending = subjects.filter { wanted.contains($0.subject) }.flatMap { $0.versions.flatMap(\.references) }.map(\.subject)
        while let next = pending.popLast() {
            guard wanted.insert(next).inserted, let subject = subject(named: next) else { continue }
            pending += subject.versions.flatMap(\.references).map(\.subject)
        }
        return PushPlan(subjects: subjects.filter { wanted.contains($0.subject) }, skipped: skipped)
    }
}
