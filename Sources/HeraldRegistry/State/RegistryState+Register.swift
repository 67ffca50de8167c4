import HeraldAvro

extension RegistryState {
    /// Registers a schema under a subject, as Confluent does: the version already there when the subject holds the
    /// same schema (same canonical form), else a new version that must pass the subject's compatibility level; the
    /// ID is the one the same schema (canonical form and references) already has anywhere, else a new one.
    mutating func register(subject: String, submission: SchemaSubmission, normalize: Bool) throws(RegistryError) -> (outcome: RegistryOutcome, change: RegistryChange?) {
        guard Self.isValidSubject(subject) else { throw .invalidSubject(subject) }
        try requireWritable(subject)
        let mode = effectiveMode(of: subject)
        if submission.id != nil && mode != .import {
            throw .operationNotPermitted("Subject \(subject) in context \(RegistryError.context) is not in import mode")
        }
        if submission.id == nil && mode != .readWrite {
            throw .operationNotPermitted("Subject \(subject) in context \(RegistryError.context) is not in read-write mode")
        }
        var candidate = try prepare(submission, normalize: normalize)
        let record = subjects[subject] ?? SubjectRecord(name: subject, versions: [])
        let live = record.liveVersions

        if submission.version == nil || submission.version == 0 {
            for version in live.reversed() {
                guard let stored = schemas[version.schemaID], stored.canonicalForm == candidate.canonicalForm else { continue }
                if let id = submission.id, id != stored.id { continue }
                return (.registered(id: stored.id, version: version.version, isNew: false), nil)
            }
        }

        if mode != .import {
            let previous = live.compactMap { v in schemas[v.schemaID].map { VersionedSchema(version: v.version, schema: $0.parsed) } }
            let newVersion = (record.versions.last?.version ?? 0) + 1
            let level = effectiveCompatibility(of: subject)
            let verdict = CompatibilityChecker.check(
                mode: level, new: VersionedSchema(version: newVersion, schema: candidate.parsed), previous: previous)
            if !verdict.isCompatible {
                throw .incompatible(subject: subject, details: compatibilityMessages(verdict, subject: subject))
            }
        }

        let version = submission.version.flatMap { $0 > 0 ? $0 : nil } ?? (record.versions.last?.version ?? 0) + 1
        if mode != .import && version != (record.versions.last?.version ?? 0) + 1 {
            throw .invalidSchema("Version is not one more than previous version")
        }
        if let existing = record.version(version) {
            if let stored = schemas[existing.schemaID], stored.canonicalForm == candidate.canonicalForm {
                return (.registered(id: stored.id, version: version, isNew: false), nil)
            }
            throw .operationNotPermitted("Version \(version) of subject \(subject) already exists with another schema")
        }
        let id: Int
        if let requested = submission.id {
            if let holder = schemas[requested], holder.identity != candidate.identity {
                throw .operationNotPermitted("Overwrite new schema with id \(requested) is not permitted.")
            }
            id = requested
        } else {
            id = idsByIdentity[candidate.identity] ?? nextID
        }
        candidate.id = id
        insert(candidate, subject: subject, version: version)
        return (.registered(id: id, version: version, isNew: true),
                .registered(subject: subject, schema: candidate.text, references: candidate.references, id: id, version: version))
    }

    /// Stores a schema as `version` of `subject` with the ID it carries, with no checks: registrations that passed
    /// them, the catalog's preload and replays of the store.
    mutating func insert(_ schema: StoredSchema, subject: String, version: Int) {
        if schemas[schema.id] == nil {
            schemas[schema.id] = schema
            idsByIdentity[schema.identity] = idsByIdentity[schema.identity] ?? schema.id
        }
        nextID = max(nextID, schema.id + 1)
        var record = subjects[subject] ?? SubjectRecord(name: subject, versions: [])
        record.versions.append(SubjectVersion(version: version, schemaID: schema.id))
        record.versions.sort { $0.version < $1.version }
        subjects[subject] = record
    }

    /// Confluent's verbose compatibility messages: each incompatibility as `{errorType:…, description:…,
    /// additionalInfo:…}`, then the old version and schema, then the level.
    func compatibilityMessages(_ verdict: CompatibilityVerdict, subject: String) -> [String] {
        var messages: [String] = []
        for failure in verdict.failures {
            messages += failure.incompatibilities.map { $0.registryError(roles: failure.direction.roles) }
        }
        if let older = verdict.failures.first?.olderVersion {
            messages.append("{oldSchemaVersion: \(older)}")
            if let id = subjects[subject]?.version(older)?.schemaID, let stored = schemas[id] {
                messages.append("{oldSchema: '\(AvroSchemaWriter().write(stored.parsed, style: .compact))'}")
            }
        }
        messages.append("{validateFields: 'false', compatibility: '\(verdict.mode.rawValue)'}")
        return messages
    }

    /// Confluent refuses empty subjects and control characters in them.
    static func isValidSubject(_ subject: String) -> Bool {
        !subject.isEmpty && !subject.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
