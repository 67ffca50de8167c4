import HeraldAvro
import HeraldDiagnostics

/// Versions exist, are numbered 1..N, and each is a record.
struct VersionSequenceRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.versionsMissing, CatalogRules.versionSequenceGap, CatalogRules.versionNotRecord] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for event in catalog.events {
            if event.versions.isEmpty {
                found.append(Diagnostic(
                    CatalogRules.versionsMissing, message: "event '\(event.name)' has no schema versions",
                    hint: "Add v1.avsc beside event.yaml.", location: event.location, event: event.name))
            }
            for (index, version) in event.versions.enumerated() where version.number != index + 1 {
                let expected = index + 1
                found.append(Diagnostic(
                    CatalogRules.versionSequenceGap,
                    message: "v\(version.number).avsc follows \(index == 0 ? "nothing" : "v\(event.versions[index - 1].number).avsc"); expected v\(expected).avsc",
                    hint: "Number versions 1..N without gaps.", location: SourceLocation(file: version.source.file), event: event.name))
                break
            }
            for version in event.versions {
                guard let schema = version.schema else { continue }
                if case .record = schema.rootNode.type { continue }
                let at = schema.rootNode.source?.location ?? SourceLocation(file: version.source.file, line: 1, column: 1)
                found.append(Diagnostic(
                    CatalogRules.versionNotRecord, message: "v\(version.number) of '\(event.name)' is \(schema.rootNode.type.specName), not a record",
                    hint: "An event payload is a record; wrap the value in a record with an eventId field.", location: at, event: event.name))
            }
        }
        return found
    }
}
