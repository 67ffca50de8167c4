import HeraldAvro

extension RegistryState {
    /// Subject names, sorted: those with a live version, or with any version when `includeDeleted`.
    public func subjectNames(includeDeleted: Bool = false) -> [String] {
        subjects.values.filter { includeDeleted || !$0.liveVersions.isEmpty }.map(\.name).sorted()
    }

    /// A subject's version numbers; 40401 when it has none (live ones, unless `includeDeleted`).
    public func versions(of subject: String, includeDeleted: Bool = false) throws(RegistryError) -> [Int] {
        guard let record = subjects[subject] else { throw .subjectNotFound(subject) }
        let versions = includeDeleted ? record.versions : record.liveVersions
        guard !versions.isEmpty else { throw .subjectNotFound(subject) }
        return versions.map(\.version)
    }

    /// One version of a subject with its schema.
    public func schema(subject: String, version selector: VersionSelector, includeDeleted: Bool = false) throws(RegistryError) -> SubjectSchema {
        guard let record = subjects[subject], !(includeDeleted ? record.versions : record.liveVersions).isEmpty else {
            throw .subjectNotFound(subject)
        }
        let found: SubjectVersion?
        switch selector {
        case .latest:
            found = (includeDeleted ? record.versions : record.liveVersions).last
        case .number(let n):
            found = record.version(n).flatMap { includeDeleted || !$0.isDeleted ? $0 : nil }
        }
        guard let version = found, let schema = schemas[version.schemaID] else {
            if case .number(let n) = selector { throw .versionNotFound(n) }
            throw .subjectNotFound(subject)
        }
        return SubjectSchema(subject: subject, version: version, schema: schema)
    }

    /// The schema with this ID, soft-deleted versions included; 40403 when unknown.
    public func schema(id: Int) throws(RegistryError) -> StoredSchema {
        guard let schema = schemas[id] else { throw .schemaNotFound(id: id) }
        return schema
    }

    /// The (subject, version) pairs that use schema `id`, sorted.
    public func usages(ofSchema id: Int, includeDeleted: Bool = false) throws(RegistryError) -> [(subject: String, version: Int)] {
        guard schemas[id] != nil else { throw .schemaNotFound(id: id) }
        var found: [(subject: String, version: Int)] = []
        for name in subjects.keys.sorted() {
            for v in subjects[name]!.versions where v.schemaID == id && (includeDeleted || !v.isDeleted) {
                found.append((name, v.version))
            }
        }
        return found
    }

    /// POST /subjects/{s}: the version of `subject` that holds the same schema (by canonical form).
    public func lookup(subject: String, submission: SchemaSubmission, includeDeleted: Bool = false) throws(RegistryError) -> SubjectSchema {
        guard let record = subjects[subject], !(includeDeleted ? record.versions : record.liveVersions).isEmpty else {
            throw .subjectNotFound(subject)
        }
        let candidate = try prepare(submission, normalize: false)
        for version in (includeDeleted ? record.versions : record.liveVersions).reversed() {
            if let stored = schemas[version.schemaID], stored.canonicalForm == candidate.canonicalForm {
                return SubjectSchema(subject: subject, version: version, schema: stored)
            }
        }
        throw .schemaNotFound()
    }

    /// POST /compatibility/subjects/{s}/versions[/{v}]: the messages of the check of `submission` against one version
    /// (`selector`), or against the versions the subject's level names (`selector` nil). Empty when compatible.
    public func compatibilityMessages(subject: String, version selector: VersionSelector?, submission: SchemaSubmission) throws(RegistryError) -> [String] {
        let record = subjects[subject]
        let live = record?.liveVersions ?? []
        var previous: [SubjectVersion]
        switch selector {
        case .none:
            previous = live
        case .latest?:
            previous = live.last.map { [$0] } ?? []
        case .number(let n)?:
            guard record != nil, !live.isEmpty else { throw .subjectNotFound(subject) }
            guard let found = live.first(where: { $0.version == n }) else { throw .versionNotFound(n) }
            previous = [found]
        }
        let candidate = try prepare(submission, normalize: false)
        let versioned = previous.compactMap { v in schemas[v.schemaID].map { VersionedSchema(version: v.version, schema: $0.parsed) } }
        let newVersion = (record?.versions.last?.version ?? 0) + 1
        let verdict = CompatibilityChecker.check(
            mode: effectiveCompatibility(of: subject),
            new: VersionedSchema(version: newVersion, schema: candidate.parsed), previous: versioned)
        return verdict.isCompatible ? [] : compatibilityMessages(verdict, subject: subject)
    }

    /// GET /config[/{s}]: the level set for the subject (or globally); with `defaultToGlobal`, the global level when
    /// the subject has none.
    public func compatibility(subject: String?, defaultToGlobal: Bool) throws(RegistryError) -> CompatibilityMode {
        guard let subject else { return globalCompatibility }
        if let mode = subjectCompatibility[subject] { return mode }
        if defaultToGlobal { return globalCompatibility }
        throw .compatibilityNotConfigured(subject)
    }

    /// GET /mode[/{s}].
    public func mode(subject: String?, defaultToGlobal: Bool) throws(RegistryError) -> RegistryMode {
        guard let subject else { return globalMode }
        if let mode = subjectModes[subject] { return mode }
        if defaultToGlobal { return globalMode }
        throw .modeNotConfigured(subject)
    }

    /// The IDs of a subject's live versions; nil when it has none (what produce-time validation reads).
    public func liveSchemaIDs(of subject: String) -> [Int]? {
        guard let live = subjects[subject]?.liveVersions, !live.isEmpty else { return nil }
        return live.map(\.schemaID)
    }
}
