import HeraldDiagnostics

/// The rules of `herald registry diff`: how a schema registry differs from the catalog. The comparison itself lives
/// in HeraldClients (`RegistryDrift`); the descriptors are here so the rule catalog lists them with every other rule.
public enum RegistryDriftRules {
    public static let subjectMissing = RuleDescriptor(
        id: "REGISTRY_SUBJECT_MISSING", category: .registry, severity: .error,
        purpose: "Every subject the catalog implies (<topic>-value, <topic>-key for a schema key, each shared type) exists in the registry.",
        hint: "Run herald registry push to register it.")
    public static let subjectUnknown = RuleDescriptor(
        id: "REGISTRY_SUBJECT_UNKNOWN", category: .registry, severity: .error,
        purpose: "Every subject in the registry belongs to the catalog, so nothing is registered outside review.",
        hint: "Add the event to the catalog (herald registry pull shows it as a catalog folder), or delete the subject.")
    public static let versionMissing = RuleDescriptor(
        id: "REGISTRY_VERSION_MISSING", category: .registry, severity: .error,
        purpose: "Every catalog version of an event is registered under its subject, in order.",
        hint: "Run herald registry push to register it.")
    public static let versionUnknown = RuleDescriptor(
        id: "REGISTRY_VERSION_UNKNOWN", category: .registry, severity: .error,
        purpose: "A subject holds no versions beyond the catalog's: a version registered by hand is not reviewed.",
        hint: "Add it to the catalog as the next v<N>.avsc, or delete it from the registry.")
    public static let versionChanged = RuleDescriptor(
        id: "REGISTRY_VERSION_CHANGED", category: .registry, severity: .error,
        purpose: "Each registered version has the Parsing Canonical Form of the catalog version at the same place.",
        hint: "A registered version is immutable: restore the catalog's file, or publish the change as a new version.")
    public static let modeMismatch = RuleDescriptor(
        id: "REGISTRY_MODE_MISMATCH", category: .registry, severity: .error,
        purpose: "Each event subject's compatibility mode in the registry is the event's mode in the catalog.",
        hint: "Run herald registry push to set it, or change compatibility: in event.yaml.")
    public static let schemaUnreadable = RuleDescriptor(
        id: "REGISTRY_SCHEMA_UNREADABLE", category: .registry, severity: .error,
        purpose: "A registered schema the catalog also declares is an Avro schema Herald can parse with its references.")

    /// In the order `herald rules` lists them.
    public static let all: [RuleDescriptor] = [
        subjectMissing, subjectUnknown, versionMissing, versionUnknown, versionChanged, modeMismatch, schemaUnreadable,
    ]
}
