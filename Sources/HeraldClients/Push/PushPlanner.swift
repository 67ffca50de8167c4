import HeraldAvro
import HeraldCatalog

/// The first push stage: the catalog → the subjects it implies, with every schema's text, references and canonical form.
/// Needs a catalog resolved with all its schemas kept (`CatalogChecker(keepsCatalog: true)`).
public struct PushPlanner: Sendable {
    public init() {}

    public func plan(_ catalog: ResolvedCatalog) -> PushPlan {
        let types = SharedTypeSubjects(catalog.types)
        var subjects = types.plans
        var skipped: [String] = []
        for event in catalog.events.sorted(by: { $0.name < $1.name }) {
            if let broken = event.versions.first(where: { $0.schema == nil }) {
                skipped.append("\(event.name): \(broken.source.file) does not parse or was not kept; run herald check")
                continue
            }
            guard !event.versions.isEmpty else {
                skipped.append("\(event.name): no versions")
                continue
            }
            if case .schema(let file)? = event.manifest?.key {
                if let keySchema = event.keySchema, let source = event.keySource {
                    subjects.append(SubjectPlan(
                        subject: SubjectNaming.key(topic: event.topic), kind: .eventKey(event: event.name), mode: event.compatibility,
                        versions: [PlannedSchema(number: 1, file: source.file, schema: source.text, canonicalForm: keySchema.canonicalForm,
                                                 references: types.references(of: keySchema))],
                        modeLocation: event.manifest?.compatibility?.location ?? event.location))
                } else {
                    skipped.append("\(event.name): its key schema \(file.value) does not parse; run herald check")
                }
            }
            let versions = event.versions.compactMap { version -> PlannedSchema? in
                guard let schema = version.schema else { return nil }
                return PlannedSchema(number: version.number, file: version.source.file, schema: version.source.text,
                                     canonicalForm: version.canonicalForm ?? schema.canonicalForm, references: types.references(of: schema))
            }
            subjects.append(SubjectPlan(subject: SubjectNaming.value(topic: event.topic), kind: .eventValue(event: event.name),
                                        mode: event.compatibility, versions: versions,
                                        modeLocation: event.manifest?.compatibility?.location ?? event.location))
        }
        return PushPlan(subjects: subjects, skipped: skipped)
    }
}

/// The shared types as subjects: which file defines which type, and which files a schema references directly.
struct SharedTypeSubjects {
    /// Type file (display path) → its subject.
    var subjectOfFile: [String: String] = [:]
    /// Full name → the file defining it.
    var fileOfName: [String: String] = [:]
    /// Type file → the type files it references directly.
    var directDependencies: [String: [String]] = [:]
    /// In resolution order (a file after the files it references).
    var plans: [SubjectPlan] = []
    /// Type file → full name of its top-level type.
    var rootNameOfFile: [String: String] = [:]

    init(_ types: SharedTypes) {
        for file in types.files {
            guard let root = file.rootName else { continue }
            subjectOfFile[file.source.file] = SubjectNaming.sharedType(fullName: root)
            rootNameOfFile[file.source.file] = root
            for name in file.definedNames where fileOfName[name] == nil { fileOfName[name] = file.source.file }
        }
        for file in types.files {
            guard let subject = subjectOfFile[file.source.file] else { continue }
            let own = Set(file.definedNames)
            let imported = file.schema.namedTypes.keys.filter { !own.contains($0) }
            let direct = directFiles(of: imported, excluding: file.source.file)
            directDependencies[file.source.file] = direct
            plans.append(SubjectPlan(
                subject: subject, kind: .sharedType, mode: nil,
                versions: [PlannedSchema(number: 1, file: file.source.file, schema: file.source.text, canonicalForm: file.schema.canonicalForm,
                                         references: direct.compactMap(reference(toFile:)))]))
        }
    }

    /// The references a schema needs: one per type file it uses, leaving out files reached through another one.
    func references(of schema: AvroSchema) -> [PlannedReference] {
        directFiles(of: Array(schema.namedTypes.keys), excluding: nil).compactMap(reference(toFile:))
    }

    private func reference(toFile file: String) -> PlannedReference? {
        guard let subject = subjectOfFile[file], let name = rootNameOfFile[file] else { return nil }
        return PlannedReference(name: name, subject: subject)
    }

    /// The type files defining `names`, minus those another of them already references (directly or not); sorted.
    private func directFiles(of names: [String], excluding own: String?) -> [String] {
        let files = Set(names.compactMap { fileOfName[$0] }).subtracting(own.map { [$0] } ?? [])
        var reachable = Set<String>()
        for file in files { reachable.formUnion(transitiveDependencies(of: file)) }
        return files.subtracting(reachable).sorted()
    }

    private func transitiveDependencies(of file: String) -> Set<String> {
        var seen = Set<String>()
        var stack = directDependencies[file] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: directDependencies[next] ?? [])
        }
        return seen
    }
}
