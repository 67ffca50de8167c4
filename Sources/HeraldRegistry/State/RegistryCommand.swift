import HeraldAvro

/// A request that changes the registry.
public enum RegistryCommand: Sendable, Hashable {
    /// POST /subjects/{s}/versions.
    case register(subject: String, submission: SchemaSubmission, normalize: Bool)
    /// DELETE /subjects/{s}/versions/{v}.
    case deleteVersion(subject: String, version: VersionSelector, permanent: Bool)
    /// DELETE /subjects/{s}.
    case deleteSubject(subject: String, permanent: Bool)
    /// PUT /config or /config/{s} (subject nil: the global level).
    case setCompatibility(subject: String?, mode: CompatibilityMode)
    /// DELETE /config or /config/{s}.
    case deleteCompatibility(subject: String?)
    /// PUT /mode or /mode/{s}; `force` allows IMPORT over existing subjects.
    case setMode(subject: String?, mode: RegistryMode, force: Bool)
    /// DELETE /mode/{s}.
    case deleteMode(subject: String)
}

/// What a command did.
public enum RegistryOutcome: Sendable, Hashable {
    /// The schema's ID and its version in the subject; `isNew` is false when it was already there (nothing changed).
    case registered(id: Int, version: Int, isNew: Bool)
    /// The version deleted.
    case deletedVersion(Int)
    /// The versions deleted.
    case deletedSubject([Int])
    /// The compatibility level set, or the one a delete removed.
    case compatibility(CompatibilityMode)
    /// The mode set, or the one a delete removed.
    case mode(RegistryMode)
}

/// A change as the store records it: registrations carry the ID and version they got, so a replay gives every
/// schema the same ID again even when the catalog's preload has changed in between.
public enum RegistryChange: Sendable, Hashable {
    case registered(subject: String, schema: String, references: [SchemaReference], id: Int, version: Int)
    case versionDeleted(subject: String, version: Int, permanent: Bool)
    case subjectDeleted(subject: String, permanent: Bool)
    /// nil: the level was deleted.
    case compatibilitySet(subject: String?, mode: CompatibilityMode?)
    /// nil: the subject's mode was deleted.
    case modeSet(subject: String?, mode: RegistryMode?)
}
