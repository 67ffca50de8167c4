extension RegistryState {
    /// Soft-deletes a version, or removes a soft-deleted one for good. A version another schema references stays.
    mutating func deleteVersion(subject: String, selector: VersionSelector, permanent: Bool) throws(RegistryError) -> (outcome: RegistryOutcome, change: RegistryChange?) {
        guard var record = subjects[subject], !record.versions.isEmpty else { throw .subjectNotFound(subject) }
        try requireWritable(subject)
        let target: SubjectVersion
        switch selector {
        case .latest:
            guard let latest = record.liveVersions.last else { throw .subjectNotFound(subject) }
            target = latest
        case .number(let n):
            guard let found = record.version(n) else { throw .versionNotFound(n) }
            target = found
        }
        let index = record.versions.firstIndex(of: target)!
        if permanent {
            guard target.isDeleted else { throw .versionNotSoftDeleted(subject, target.version) }
            if isReferenced(subject: subject, version: target.version, includeDeleted: true) {
                throw .referenceExists(subject: subject, version: target.version)
            }
            record.versions.remove(at: index)
        } else {
            guard !target.isDeleted else { throw .versionSoftDeleted(subject, target.version) }
            if isReferenced(subject: subject, version: target.version, includeDeleted: false) {
                throw .referenceExists(subject: subject, version: target.version)
            }
            record.versions[index].isDeleted = true
        }
        store(record)
        return (.deletedVersion(target.version), .versionDeleted(subject: subject, version: target.version, permanent: permanent))
    }

    /// Soft-deletes every version of a subject, or removes a soft-deleted subject for good.
    mutating func deleteSubject(subject: String, permanent: Bool) throws(RegistryError) -> (outcome: RegistryOutcome, change: RegistryChange?) {
        guard var record = subjects[subject], !record.versions.isEmpty else { throw .subjectNotFound(subject) }
        try requireWritable(subject)
        let live = record.liveVersions
        if permanent {
            guard live.isEmpty else { throw .subjectNotSoftDeleted(subject) }
        } else {
            guard !live.isEmpty else { throw .subjectSoftDeleted(subject) }
        }
        let affected = permanent ? record.versions : live
        for version in affected where isReferenced(subject: subject, version: version.version, includeDeleted: permanent) {
            throw .referenceExists(subject: subject, version: version.version)
        }
        if permanent {
            record.versions.removeAll()
            subjectCompatibility[subject] = nil
            subjectModes[subject] = nil
        } else {
            for i in record.versions.indices { record.versions[i].isDeleted = true }
        }
        store(record)
        return (.deletedSubject(affected.map(\.version)), .subjectDeleted(subject: subject, permanent: permanent))
    }

    /// Whether a schema of another subject version references `subject` version `version`.
    func isReferenced(subject: String, version: Int, includeDeleted: Bool) -> Bool {
        for record in subjects.values {
            for v in record.versions where includeDeleted || !v.isDeleted {
                if schemas[v.schemaID]?.references.contains(where: { $0.subject == subject && $0.version == version }) == true {
                    return true
                }
            }
        }
        return false
    }

    /// Writes a subject back, dropping it when it has no versions left, and drops schemas no version uses.
    mutating func store(_ record: SubjectRecord) {
        let before = Set(subjects[record.name]?.versions.map(\.schemaID) ?? [])
        subjects[record.name] = record.versions.isEmpty ? nil : record
        let after = Set(record.versions.map(\.schemaID))
        for id in before.subtracting(after) where !subjects.values.contains(where: { $0.versions.contains { $0.schemaID == id } }) {
            if let stored = schemas.removeValue(forKey: id), idsByIdentity[stored.identity] == id {
                idsByIdentity[stored.identity] = nil
            }
        }
    }
}
