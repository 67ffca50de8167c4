/// What happened to one step of a push.
public struct PushOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        /// Registered: the registry's ID and the version under the subject.
        case registered(id: Int, version: Int?)
        /// The mode was set.
        case modeSet
        /// The registry refused, with its own message.
        case refused(RegistryError)
        /// Not attempted: an earlier step it depends on failed.
        case skipped(reason: String)
    }

    public var step: PushStep
    public var result: Result

    /// True unless refused or skipped.
    public var succeeded: Bool {
        switch result {
        case .registered, .modeSet: true
        case .refused, .skipped: false
        }
    }
}

/// The last push stage: performs the steps against the registry, in order. A refused registration stops the later
/// versions of its subject (they would land out of order) and the schemas referencing it; other subjects go on.
public struct PushExecutor: Sendable {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    /// Runs the steps; `report` sees each outcome as it happens.
    public func run(_ reconciliation: PushReconciliation, report: (PushOutcome) -> Void) async -> [PushOutcome] {
        var referenceVersions = reconciliation.referenceVersions
        var failedSubjects: [String: String] = [:]
        var outcomes: [PushOutcome] = []
        func finish(_ step: PushStep, _ result: PushOutcome.Result) {
            let outcome = PushOutcome(step: step, result: result)
            outcomes.append(outcome)
            report(outcome)
        }
        for step in reconciliation.steps {
            if let failed = failedSubjects[step.subject] {
                finish(step, .skipped(reason: failed))
                continue
            }
            switch step {
            case .setMode(let subject, _, let mode):
                do {
                    try await client.setCompatibility(mode, of: subject)
                    finish(step, .modeSet)
                } catch {
                    finish(step, .refused(error))
                }
            case .register(let subject, let schema):
                var references: [SchemaReference] = []
                var missing: String?
                for reference in schema.references {
                    if let version = referenceVersions[reference.subject] {
                        references.append(SchemaReference(name: reference.name, subject: reference.subject, version: version))
                    } else {
                        missing = failedSubjects[reference.subject].map { _ in "\(reference.subject) was not registered" }
                            ?? "\(reference.subject) holds no version matching the catalog"
                    }
                }
                if let missing {
                    failedSubjects[subject] = "skipped: \(missing)"
                    finish(step, .skipped(reason: missing))
                    continue
                }
                let submission = SchemaSubmission(schema: schema.schema, references: references)
                do {
                    let id = try await client.register(submission, under: subject)
                    // The version is what references to this subject name; the ID alone does not give it.
                    let version = try? await client.lookUp(submission, under: subject)?.version
                    if let version { referenceVersions[subject] = version }
                    finish(step, .registered(id: id, version: version))
                } catch {
                    failedSubjects[subject] = "an earlier version of \(subject) was refused"
                    finish(step, .refused(error))
                }
            }
        }
        return outcomes
    }
}
