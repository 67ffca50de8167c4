/// One change a push makes to a registry.
public enum PushStep: Sendable, Hashable {
    /// Register a catalog schema under its subject.
    case register(subject: String, schema: PlannedSchema)
    /// Set a subject's compatibility mode; `current` is its own setting before (nil: it follows the registry's).
    case setMode(subject: String, current: String?, mode: String)

    public var subject: String {
        switch self {
        case .register(let subject, _), .setMode(let subject, _, _): subject
        }
    }
}

/// The second push stage: the plan against a snapshot → only the changes the registry still needs, in order.
/// A schema counts as registered when any version of its subject resolves to the same canonical form (Confluent's
/// own test for "already registered"), so a second push finds nothing to do.
public struct PushReconciliation: Sendable, Hashable {
    public var steps: [PushStep]
    /// For each shared-type subject already holding the catalog's form: the version that holds it (the one references use).
    public var referenceVersions: [String: Int]
    /// Schemas already registered, skipped.
    public var alreadyRegistered: Int

    public init(plan: PushPlan, snapshot: RegistrySnapshot) {
        var resolver = RegisteredSchemaResolver(snapshot: snapshot)
        var steps: [PushStep] = []
        var referenceVersions: [String: Int] = [:]
        var alreadyRegistered = 0
        for subject in plan.subjects {
            let existing = snapshot.subject(named: subject.subject)
            let live = existing?.versions ?? []
            var forms: [String: Int] = [:]
            for version in live {
                if case .success(let form) = resolver.canonicalForm(version), forms[form] == nil { forms[form] = version.version }
            }
            var registrations: [PushStep] = []
            for schema in subject.versions {
                if let version = forms[schema.canonicalForm] {
                    alreadyRegistered += 1
                    if case .sharedType = subject.kind { referenceVersions[subject.subject] = version }
                } else {
                    registrations.append(.register(subject: subject.subject, schema: schema))
                }
            }
            var modeStep: PushStep?
            if let mode = subject.mode, existing?.mode?.uppercased() != mode.uppercased() {
                modeStep = .setMode(subject: subject.subject, current: existing?.mode, mode: mode)
            }
            // A subject that does not exist yet gets its mode after its first version (some registries refuse
            // configuration for a subject they do not know; the first version is never checked anyway).
            if let modeStep {
                if live.isEmpty, !registrations.isEmpty {
                    steps.append(registrations.removeFirst())
                }
                steps.append(modeStep)
            }
            steps += registrations
        }
        self.steps = steps
        self.referenceVersions = referenceVersions
        self.alreadyRegistered = alreadyRegistered
    }

    /// Registrations among the steps.
    public var registrations: Int { steps.filter { if case .register = $0 { true } else { false } }.count }

    /// Mode changes among the steps.
    public var modeChanges: Int { steps.count - registrations }
}
