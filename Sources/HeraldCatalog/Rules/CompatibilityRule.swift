import HeraldAvro
import HeraldDiagnostics

/// Each event's versions, replayed as registry registrations under the event's mode: every incompatibility is a
/// finding at the offending field of the newer version, with the blast radius of the event.
struct CompatibilityRule: CatalogRule {
    var descriptors: [RuleDescriptor] { CompatibilityRules.all }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        ParallelMap.map(catalog.events) { event in Self.check(event, impact: catalog.impact(of: event)) }.flatMap { $0 }
    }

    static func check(_ event: ResolvedEvent, impact: Impact) -> [Diagnostic] {
        let parsed = event.versions.compactMap { version in version.schema.map { VersionedSchema(version: version.number, schema: $0) } }
        guard parsed.count > 1, let mode = CompatibilityMode(parsing: event.compatibility), mode != .none else { return [] }
        let schemas = Dictionary(parsed.map { ($0.version, $0.schema) }, uniquingKeysWith: { first, _ in first })
        let files = Dictionary(event.versions.map { ($0.number, $0.source.file) }, uniquingKeysWith: { first, _ in first })
        var found: [Diagnostic] = []
        for verdict in CompatibilityChecker.checkHistory(mode: mode, versions: parsed) where !verdict.isCompatible {
            for var diagnostic in verdict.diagnostics(schemas: schemas, files: files, event: event.name) {
                diagnostic.impact = impact
                if diagnostic.hint == nil || diagnostic.hint?.isEmpty == true {
                    diagnostic.hint = "A breaking change is a new event that supersedes this one; see docs/catalog.md."
                }
                found.append(diagnostic)
            }
        }
        return found
    }
}
