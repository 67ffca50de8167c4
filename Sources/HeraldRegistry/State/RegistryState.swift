import HeraldAvro

/// The registry as a value: schemas by ID, subjects with their versions, compatibility levels and modes.
/// Commands change it through `apply`, which returns what happened and the change to record, or a `RegistryError`;
/// queries read it. It does no I/O: `LiveRegistry` shares it between threads and `RegistryLog` stores its changes.
public struct RegistryState: Sendable {
    public internal(set) var schemas: [Int: StoredSchema] = [:]
    var idsByIdentity: [SchemaIdentity: Int] = [:]
    public internal(set) var subjects: [String: SubjectRecord] = [:]
    /// The global compatibility level.
    public internal(set) var globalCompatibility: CompatibilityMode
    /// The level `DELETE /config` restores: the catalog's default, else BACKWARD.
    public var defaultCompatibility: CompatibilityMode
    public internal(set) var subjectCompatibility: [String: CompatibilityMode] = [:]
    public internal(set) var globalMode: RegistryMode = .readWrite
    public internal(set) var subjectModes: [String: RegistryMode] = [:]
    /// The ID the next new schema gets; IDs are never reused, even after a permanent delete.
    public internal(set) var nextID = 1

    /// An empty registry whose global level is `defaultCompatibility`.
    public init(defaultCompatibility: CompatibilityMode = .backward) {
        self.defaultCompatibility = defaultCompatibility
        self.globalCompatibility = defaultCompatibility
    }

    /// Applies a command. Returns the outcome and, when the registry changed, the change to store.
    public mutating func apply(_ command: RegistryCommand) throws(RegistryError) -> (outcome: RegistryOutcome, change: RegistryChange?) {
        switch command {
        case .register(let subject, let submission, let normalize):
            return try register(subject: subject, submission: submission, normalize: normalize)
        case .deleteVersion(let subject, let version, let permanent):
            return try deleteVersion(subject: subject, selector: version, permanent: permanent)
        case .deleteSubject(let subject, let permanent):
            return try deleteSubject(subject: subject, permanent: permanent)
        case .setCompatibility(let subject, let mode):
            // Setting the level already set changes nothing (nothing to store, no new generation).
            let current = subject.map { subjectCompatibility[$0] } ?? globalCompatibility
            if current == mode { return (.compatibility(mode), nil) }
            if let subject { subjectCompatibility[subject] = mode } else { globalCompatibility = mode }
            return (.compatibility(mode), .compatibilitySet(subject: subject, mode: mode))
        case .deleteCompatibility(let subject):
            guard let subject else {
                let old = globalCompatibility
                globalCompatibility = defaultCompatibility
                return (.compatibility(old), .compatibilitySet(subject: nil, mode: nil))
            }
            guard subjects[subject] != nil else { throw .subjectNotFound(subject) }
            guard let old = subjectCompatibility.removeValue(forKey: subject) else { throw .compatibilityNotConfigured(subject) }
            return (.compatibility(old), .compatibilitySet(subject: subject, mode: nil))
        case .setMode(let subject, let mode, let force):
            if mode == .import && !force {
                let occupied = subject.map { !(subjects[$0]?.versions.isEmpty ?? true) } ?? !subjects.isEmpty
                if occupied { throw .operationNotPermitted("Cannot import since found existing subjects") }
            }
            let current = subject.map { subjectModes[$0] } ?? globalMode
            if current == mode { return (.mode(mode), nil) }
            if let subject { subjectModes[subject] = mode } else { globalMode = mode }
            return (.mode(mode), .modeSet(subject: subject, mode: mode))
        case .deleteMode(let subject):
            guard let old = subjectModes.removeValue(forKey: subject) else { throw .modeNotConfigured(subject) }
            return (.mode(old), .modeSet(subject: subject, mode: nil))
        }
    }

    /// The mode that governs writes to `subject`.
    public func effectiveMode(of subject: String) -> RegistryMode { subjectModes[subject] ?? globalMode }

    /// The compatibility level that governs `subject`.
    public func effectiveCompatibility(of subject: String) -> CompatibilityMode {
        subjectCompatibility[subject] ?? globalCompatibility
    }

    func requireWritable(_ subject: String) throws(RegistryError) {
        if effectiveMode(of: subject) == .readOnly {
            throw .operationNotPermitted("Subject \(subject) in context \(RegistryError.context) is in read-only mode")
        }
    }
}
