extension RegistryState {
    /// Applies a stored change on start, without mode or compatibility checks (they passed when it was made).
    /// Returns why a change could not be applied (the catalog changed under it), or nil.
    public mutating func replay(_ change: RegistryChange) -> String? {
        switch change {
        case .registered(let subject, let text, let references, let id, let version):
            let prepared: StoredSchema
            do {
                prepared = try prepare(SchemaSubmission(schema: text, references: references), normalize: false)
            } catch {
                return "registration of \(subject) version \(version) (id \(id)) no longer parses: \(error.message)"
            }
            var schema = prepared
            schema.text = text
            if let existing = subjects[subject]?.version(version) {
                if schemas[existing.schemaID]?.canonicalForm == schema.canonicalForm { return nil }
                return "\(subject) version \(version) now holds another schema (the catalog changed); the registration with id \(id) was dropped"
            }
            if let holder = schemas[id], holder.identity != schema.identity {
                schema.id = idsByIdentity[schema.identity] ?? nextID
                insert(schema, subject: subject, version: version)
                return "id \(id) now belongs to another schema (the catalog changed); \(subject) version \(version) got id \(schema.id)"
            }
            schema.id = id
            insert(schema, subject: subject, version: version)
            return nil
        case .versionDeleted(let subject, let version, let permanent):
            return replayed { (state: inout RegistryState) throws(RegistryError) in
                guard var record = state.subjects[subject], let index = record.versions.firstIndex(where: { $0.version == version }) else {
                    throw .versionNotFound(version)
                }
                if permanent { record.versions.remove(at: index) } else { record.versions[index].isDeleted = true }
                state.store(record)
            }
        case .subjectDeleted(let subject, let permanent):
            return replayed { (state: inout RegistryState) throws(RegistryError) in
                guard var record = state.subjects[subject] else { throw .subjectNotFound(subject) }
                if permanent {
                    record.versions.removeAll()
                    state.subjectCompatibility[subject] = nil
                    state.subjectModes[subject] = nil
                } else {
                    for i in record.versions.indices { record.versions[i].isDeleted = true }
                }
                state.store(record)
            }
        case .compatibilitySet(let subject, let mode):
            if let subject { subjectCompatibility[subject] = mode } else { globalCompatibility = mode ?? defaultCompatibility }
            return nil
        case .modeSet(let subject, let mode):
            if let subject { subjectModes[subject] = mode } else { globalMode = mode ?? .readWrite }
            return nil
        }
    }

    private mutating func replayed(_ body: (inout RegistryState) throws(RegistryError) -> Void) -> String? {
        do {
            try body(&self)
            return nil
        } catch {
            return "a stored deletion no longer applies: \(error.message)"
        }
    }
}
