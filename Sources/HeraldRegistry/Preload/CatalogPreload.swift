import HeraldAvro
import HeraldCatalog

/// The registry a catalog implies, built at start.
///
/// Subjects: each shared type file (types/*.avsc) under its top-level type's full name, version 1, referencing the
/// type files it uses; `<topic>-value` per event with version N = the event's vN.avsc; `<topic>-key` (version 1)
/// where the event's key is a schema file. Event subjects get the event's compatibility level; the global level is
/// the catalog's default. Schemas reference the shared types they use by Confluent `references`.
///
/// IDs (stable for the same catalog on any machine): numbered from 1 in this order — shared type subjects first,
/// dependencies before the types that use them and otherwise by subject name; then the event subjects by subject
/// name (byte order), each subject's versions ascending. A schema identical to one already numbered (same canonical
/// form and references) keeps that first ID, as in Confluent.
public struct CatalogPreload: Sendable {
    /// The registry.
    public var state: RegistryState
    /// What could not be loaded and why (files that do not parse, topics two events share).
    public var warnings: [String]

    /// The registry for a parsed and resolved catalog.
    public init(parsed: ParsedCatalog, resolved: ResolvedCatalog) {
        let defaultMode = CompatibilityMode(parsing: resolved.defaultCompatibility) ?? .backward
        var state = RegistryState(defaultCompatibility: defaultMode)
        var warnings: [String] = []

        // Shared types: one subject per file, named for its top-level type.
        struct TypeFile {
            var subject: String
            var text: String
            var defines: Set<String>
            var uses: Set<String>
        }
        var typeFiles: [TypeFile] = []
        for source in parsed.types {
            guard let document = try? JSONParser().parse(source.text).plain else {
                warnings.append("\(source.file): not JSON; left out of the registry")
                continue
            }
            guard case .object(let object) = document, case .string(let name)? = object["name"] else {
                warnings.append("\(source.file): not a named type; left out of the registry")
                continue
            }
            var subject = name
            if !name.contains("."), case .string(let ns)? = object["namespace"], !ns.isEmpty { subject = "\(ns).\(name)" }
            typeFiles.append(TypeFile(subject: subject, text: source.text, defines: TypeReferences.defined(in: document),
                                      uses: TypeReferences.external(in: document)))
        }
        var subjectOfType: [String: String] = [:]
        for file in typeFiles.sorted(by: { $0.subject < $1.subject }) {
            for name in file.defines where subjectOfType[name] == nil { subjectOfType[name] = file.subject }
        }
        func references(for uses: Set<String>, excluding own: String?) -> [SchemaReference] {
            var bySubject: [String: String] = [:]
            for name in uses {
                guard let subject = subjectOfType[name], subject != own else { continue }
                bySubject[subject] = subject
            }
            return bySubject.keys.sorted().map { SchemaReference(name: $0, subject: $0, version: 1) }
        }

        // Dependencies first, ties by subject name.
        var pending = typeFiles.sorted { $0.subject < $1.subject }
        var loaded = Set<String>()
        while !pending.isEmpty {
            guard let index = pending.firstIndex(where: { file in
                references(for: file.uses, excluding: file.subject).allSatisfy { loaded.contains($0.subject) }
            }) else {
                for file in pending { warnings.append("shared type \(file.subject): its references form a cycle or name unknown types; left out of the registry") }
                break
            }
            let file = pending.remove(at: index)
            loaded.insert(file.subject)
            let submission = SchemaSubmission(schema: file.text, references: references(for: file.uses, excluding: file.subject))
            if let warning = Self.seed(&state, subject: file.subject, version: 1, submission: submission) { warnings.append(warning) }
        }

        // Event subjects, in subject-name order.
        struct EventSubject {
            var subject: String
            var versions: [(number: Int, text: String)]
            var mode: CompatibilityMode
        }
        var eventSubjects: [String: EventSubject] = [:]
        let parsedByFolder = Dictionary(parsed.events.map { ($0.folder, $0) }, uniquingKeysWith: { first, _ in first })
        for event in resolved.events.sorted(by: { $0.name < $1.name }) {
            let mode = CompatibilityMode(parsing: event.compatibility) ?? defaultMode
            let valueSubject = "\(event.topic)-value"
            if let taken = eventSubjects[valueSubject] {
                warnings.append("event \(event.name) shares topic \(event.topic) with an earlier event; \(taken.subject) holds the earlier event's versions only")
                continue
            }
            let versions = event.versions.filter { !$0.source.text.isEmpty }.map { (number: $0.number, text: $0.source.text) }
            eventSubjects[valueSubject] = EventSubject(subject: valueSubject, versions: versions, mode: mode)
            if case .schema? = event.manifest?.key, let key = parsedByFolder[event.folder]?.keySchema {
                eventSubjects["\(event.topic)-key"] = EventSubject(subject: "\(event.topic)-key", versions: [(1, key.text)], mode: mode)
            }
        }
        for subject in eventSubjects.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let entry = eventSubjects[subject]!
            for version in entry.versions {
                let uses = (try? JSONParser().parse(version.text).plain).map(TypeReferences.external(in:)) ?? []
                let submission = SchemaSubmission(schema: version.text, references: references(for: uses, excluding: nil))
                if let warning = Self.seed(&state, subject: subject, version: version.number, submission: submission) { warnings.append(warning) }
            }
            if state.subjects[subject] != nil { state.subjectCompatibility[subject] = entry.mode }
        }
        self.state = state
        self.warnings = warnings
    }

    /// Inserts one catalog version with the next ID (or the ID of the same schema); returns a warning when it does
    /// not parse.
    static func seed(_ state: inout RegistryState, subject: String, version: Int, submission: SchemaSubmission) -> String? {
        do {
            var schema = try state.prepare(submission, normalize: false)
            schema.id = state.idsByIdentity[schema.identity] ?? state.nextID
            state.insert(schema, subject: subject, version: version)
            return nil
        } catch {
            return "\(subject) version \(version): \(error.message); left out of the registry"
        }
    }
}
