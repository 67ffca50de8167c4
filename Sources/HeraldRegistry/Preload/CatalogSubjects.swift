import HeraldAvro
import HeraldCatalog

/// The event subjects a catalog implies (`<topic>-value` with each `vN.avsc`, `<topic>-key` for a schema key), as
/// texts, so two states of an edited catalog can be compared: what `herald serve` registers when the catalog changes.
public struct CatalogSubjects: Sendable, Equatable {
    /// One subject: its schema texts by catalog version number, and its compatibility mode.
    public struct Subject: Sendable, Equatable {
        public var versions: [Int: String]
        /// The files, for messages.
        public var files: [Int: String]
        public var mode: CompatibilityMode
    }

    public private(set) var subjects: [String: Subject] = [:]

    public init(subjects: [String: Subject] = [:]) { self.subjects = subjects }

    /// The subjects of `catalog`; where two events share a topic, the first by name holds it (as in `CatalogPreload`).
    public init(_ catalog: ResolvedCatalog) {
        let defaultMode = CompatibilityMode(parsing: catalog.defaultCompatibility) ?? .backward
        // Positions sorted, not the events themselves: copying 10,000 resolved events costs more than the rest.
        let events = catalog.events
        for position in events.indices.sorted(by: { events[$0].name < events[$1].name }) {
            let event = events[position]
            let mode = CompatibilityMode(parsing: event.compatibility) ?? defaultMode
            let value = SubjectNaming.value(topic: event.topic)
            guard subjects[value] == nil else { continue }
            var subject = Subject(versions: [:], files: [:], mode: mode)
            for version in event.versions where !version.source.text.isEmpty {
                subject.versions[version.number] = version.source.text
                subject.files[version.number] = version.source.file
            }
            subjects[value] = subject
            if case .schema? = event.manifest?.key, let key = event.keySource {
                subjects[SubjectNaming.key(topic: event.topic)] = Subject(versions: [1: key.text], files: [1: key.file], mode: mode)
            }
        }
    }

    /// A schema the catalog gained (a new version, a new event, or a changed file) since an earlier state.
    public struct Registration: Sendable, Equatable {
        public var subject: String
        /// The catalog's N of `vN.avsc`.
        public var catalogVersion: Int
        public var file: String
        public var schema: String
        /// The subject's compatibility mode, set before its first registration when the subject is new.
        public var newSubjectMode: CompatibilityMode?
    }

    /// What is new or changed since `earlier`: subjects in name order, versions ascending.
    public func registrations(since earlier: CatalogSubjects) -> [Registration] {
        // Only the subjects that differ are sorted: after an edit of one event, one or two of the catalog's.
        let differing = subjects.compactMap { name, subject in earlier.subjects[name]?.versions == subject.versions ? nil : name }
        var found: [Registration] = []
        for name in differing.sorted() {
            let subject = subjects[name]!
            let before = earlier.subjects[name]
            for number in subject.versions.keys.sorted() where before?.versions[number] != subject.versions[number] {
                found.append(Registration(
                    subject: name, catalogVersion: number, file: subject.files[number] ?? name, schema: subject.versions[number]!,
                    newSubjectMode: before == nil ? subject.mode : nil))
            }
        }
        return found
    }

    /// How registering went: each registration with the registry's answer.
    public struct Outcome: Sendable {
        public var registered: [Registered] = []
        public var refused: [Refused] = []
    }

    /// Registered (or already there, `isNew` false): the subject's version and the schema ID.
    public struct Registered: Sendable {
        public var registration: Registration
        public var version: Int
        public var id: Int
        public var isNew: Bool
    }

    /// Refused, with the registry's message (an incompatible schema names each incompatibility).
    public struct Refused: Sendable {
        public var registration: Registration
        public var message: String
    }

    /// Registers `registrations` with the live registry, as a client's POST would: the subject's compatibility level
    /// decides, and a refusal stops that subject's later versions (they would build on the refused one).
    public static func register(_ registrations: [Registration], with registry: LiveRegistry) -> Outcome {
        var outcome = Outcome()
        guard !registrations.isEmpty else { return outcome }
        var stopped = Set<String>()
        let typeSubjects = TypeSubjects(registry.snapshot)
        for registration in registrations {
            guard !stopped.contains(registration.subject) else {
                outcome.refused.append(Refused(registration: registration, message: "not tried: an earlier version of \(registration.subject) was refused"))
                continue
            }
            do {
                if let mode = registration.newSubjectMode, registry.snapshot.subjects[registration.subject] == nil {
                    try registry.perform(.setCompatibility(subject: registration.subject, mode: mode))
                }
                let submission = SchemaSubmission(schema: registration.schema, references: typeSubjects.references(for: registration.schema))
                let result = try registry.perform(.register(subject: registration.subject, submission: submission, normalize: false))
                if case .registered(let id, let version, let isNew) = result {
                    outcome.registered.append(Registered(registration: registration, version: version, id: id, isNew: isNew))
                }
            } catch {
                stopped.insert(registration.subject)
                outcome.refused.append(Refused(registration: registration, message: error.message))
            }
        }
        return outcome
    }
}

/// The shared-type subjects of a registry by the names their latest schema defines, for a new schema's references.
struct TypeSubjects {
    private var subjectOfName: [String: String] = [:]

    init(_ state: RegistryState) {
        for name in state.subjects.keys.sorted() where SubjectNaming.topic(ofValueSubject: name) == nil
            && SubjectNaming.topic(ofKeySubject: name) == nil {
            guard let latest = state.subjects[name]?.liveVersions.last, let schema = state.schemas[latest.schemaID],
                  let document = try? JSONParser().parse(schema.text).plain else { continue }
            for defined in TypeReferences.defined(in: document) where subjectOfName[defined] == nil { subjectOfName[defined] = name }
        }
    }

    /// References to the type subjects defining the names `schema` uses, by subject name, latest version each.
    func references(for schema: String) -> [SchemaReference] {
        guard let document = try? JSONParser().parse(schema).plain else { return [] }
        let subjects = Set(TypeReferences.external(in: document).compactMap { subjectOfName[$0] })
        return subjects.sorted().map { SchemaReference(name: $0, subject: $0, version: 1) }
    }
}
