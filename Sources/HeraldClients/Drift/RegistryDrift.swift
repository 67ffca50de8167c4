import HeraldCatalog
import HeraldDiagnostics

/// `herald registry diff` as a function: the catalog's push plan against a registry snapshot → drift diagnostics.
/// Versions are compared by place: the catalog's vN against the subject's N-th live version (deleted versions leave
/// gaps in a registry's numbering, never in a catalog's).
public struct RegistryDrift: Sendable {
    public init() {}

    public func diff(_ plan: PushPlan, against snapshot: RegistrySnapshot) -> [Diagnostic] {
        var resolver = RegisteredSchemaResolver(snapshot: snapshot)
        var diagnostics: [Diagnostic] = []
        let planned = Set(plan.subjects.map(\.subject))
        for subject in plan.subjects {
            let live = snapshot.subject(named: subject.subject)?.versions ?? []
            let what = Self.describe(subject)
            guard !live.isEmpty else {
                diagnostics.append(Diagnostic(
                    RegistryDriftRules.subjectMissing, message: "subject \(subject.subject) (\(what)) is not in the registry",
                    location: subject.versions.first.map { SourceLocation(file: $0.file) }, event: subject.event))
                continue
            }
            switch subject.kind {
            case .sharedType:
                // A shared type's subject keeps its history; only its latest version must be the catalog's.
                if let schema = subject.versions.first, let latest = live.last {
                    diagnostics += compare(schema, latest, subject: subject, label: "the latest version", resolver: &resolver)
                }
            case .eventValue, .eventKey:
                for (index, schema) in subject.versions.enumerated() {
                    guard index < live.count else {
                        diagnostics.append(Diagnostic(
                            RegistryDriftRules.versionMissing,
                            message: "v\(schema.number) of \(what) is not registered: \(subject.subject) has \(Self.count(live.count, "version"))",
                            location: SourceLocation(file: schema.file), event: subject.event))
                        continue
                    }
                    let label = live[index].version == index + 1 ? "version \(live[index].version)" : "version \(live[index].version) (its \(Self.ordinal(index + 1)) live version)"
                    diagnostics += compare(schema, live[index], subject: subject, label: label, resolver: &resolver)
                }
                for extra in live.dropFirst(subject.versions.count) {
                    diagnostics.append(Diagnostic(
                        RegistryDriftRules.versionUnknown,
                        message: "\(subject.subject) has version \(extra.version) (ID \(extra.id)) that \(what) does not have: the catalog ends at v\(subject.versions.count)",
                        event: subject.event))
                }
            }
            if let mode = subject.mode {
                let actual = snapshot.subject(named: subject.subject)?.effectiveMode(global: snapshot.globalMode)
                if actual?.uppercased() != mode.uppercased() {
                    let shown = actual.map { snapshot.subject(named: subject.subject)?.mode == nil ? "\($0) (the registry's default)" : $0 } ?? "unknown"
                    diagnostics.append(Diagnostic(
                        RegistryDriftRules.modeMismatch,
                        message: "\(subject.subject) has compatibility \(shown) in the registry; \(what) says \(mode)",
                        location: subject.modeLocation, event: subject.event))
                }
            }
        }
        for subject in snapshot.subjects where !planned.contains(subject.name) && !subject.versions.isEmpty {
            diagnostics.append(Diagnostic(
                RegistryDriftRules.subjectUnknown,
                message: "subject \(subject.name) (\(Self.count(subject.versions.count, "version"))) is in the registry but not in the catalog"))
        }
        return diagnostics.sortedForOutput()
    }

    /// VERSION_CHANGED or SCHEMA_UNREADABLE when the registered schema is not the catalog's, else nothing.
    private func compare(_ schema: PlannedSchema, _ registered: RegisteredSchema, subject: SubjectPlan, label: String,
                         resolver: inout RegisteredSchemaResolver) -> [Diagnostic] {
        switch resolver.canonicalForm(registered) {
        case .failure(let failure):
            return [Diagnostic(
                RegistryDriftRules.schemaUnreadable, message: "\(label) of \(subject.subject) cannot be compared with \(Self.name(of: schema, in: subject)): \(failure.message)",
                location: SourceLocation(file: schema.file), event: subject.event)]
        case .success(let form) where form != schema.canonicalForm:
            return [Diagnostic(
                RegistryDriftRules.versionChanged,
                message: "\(Self.name(of: schema, in: subject)) differs from \(label) of \(subject.subject) (ID \(registered.id)): \(Self.firstDifference(schema.canonicalForm, form))",
                location: SourceLocation(file: schema.file), event: subject.event)]
        case .success:
            return []
        }
    }

    /// `v2 of event order.placed`, `the key schema of event …`, `shared type com.example.Money`.
    static func name(of schema: PlannedSchema, in subject: SubjectPlan) -> String {
        switch subject.kind {
        case .sharedType: "shared type \(subject.subject)"
        case .eventValue(let event): "v\(schema.number) of event \(event)"
        case .eventKey(let event): "the key schema of event \(event)"
        }
    }

    static func describe(_ subject: SubjectPlan) -> String {
        switch subject.kind {
        case .sharedType: "shared type \(subject.versions.first?.file ?? subject.subject)"
        case .eventValue(let event): "event \(event)"
        case .eventKey(let event): "the key of event \(event)"
        }
    }

    /// Where two canonical forms part: `canonical forms differ at character 143: catalog "…long…", registry "…int…"`.
    static func firstDifference(_ catalog: String, _ registry: String) -> String {
        let a = Array(catalog.unicodeScalars), b = Array(registry.unicodeScalars)
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        func excerpt(_ scalars: [Unicode.Scalar]) -> String {
            let start = max(0, index - 20), end = min(scalars.count, index + 30)
            var text = start > 0 ? "…" : ""
            text.unicodeScalars.append(contentsOf: scalars[start..<end])
            return text + (end < scalars.count ? "…" : "")
        }
        return "canonical forms differ at character \(index + 1): catalog \(excerpt(a)), registry \(excerpt(b))"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func ordinal(_ n: Int) -> String {
        let suffix = switch (n % 100, n % 10) {
        case (11...13, _): "th"
        case (_, 1): "st"
        case (_, 2): "nd"
        case (_, 3): "rd"
        default: "th"
        }
        return "\(n)\(suffix)"
    }
}
