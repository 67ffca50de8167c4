import HeraldAvro
import HeraldDiagnostics

/// Changes against a base revision: published versions are immutable (by Parsing Canonical Form), events and
/// versions are not deleted, topics do not move, compatibility is not loosened without notice, and a changed shared
/// type stays compatible for every published version that uses it. Findings point into the working tree.
struct HistoryCheck: Sendable {
    func check(_ current: ResolvedCatalog, against base: ResolvedCatalog) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for old in base.events where current.event(named: old.name) == nil && base.eventIndex[old.name] != nil {
            // Retiring a deprecated event nobody consumes any more is the end of the lifecycle, not a break.
            if old.manifest?.effectiveStatus == .deprecated, old.manifest?.consumers.isEmpty ?? true { continue }
            found.append(Diagnostic(
                CatalogRules.eventDeleted, message: "event '\(old.name)' was deleted, but it is published in the base revision",
                hint: "Keep the event; mark it 'status: deprecated', name its successor, and delete it once nobody consumes it.",
                location: SourceLocation(file: current.displayPath(old.folder + "/event.yaml")), event: old.name,
                impact: base.impact(of: old)))
        }
        let pairs: [(ResolvedEvent, ResolvedEvent)] = current.events.compactMap { event in
            guard current.eventIndex[event.name].map({ current.events[$0].folder == event.folder }) ?? false,
                  let old = base.event(named: event.name) else { return nil }
            return (event, old)
        }
        found += ParallelMap.map(pairs) { pair in
            EventHistory(current: pair.0, base: pair.1, currentCatalog: current, baseCatalog: base).check()
        }.flatMap { $0 }
        return found
    }
}

extension ResolvedCatalog {
    /// The display path of a catalog-relative path.
    func displayPath(_ relative: String) -> String {
        displayRoot.isEmpty || displayRoot == "." ? relative : displayRoot + "/" + relative
    }
}

/// The history checks of one event present in both revisions.
struct EventHistory {
    let current: ResolvedEvent
    let base: ResolvedEvent
    let currentCatalog: ResolvedCatalog
    let baseCatalog: ResolvedCatalog

    func check() -> [Diagnostic] {
        var found: [Diagnostic] = []
        let impact = currentCatalog.impact(of: current)
        let currentVersions = Dictionary(current.versions.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for old in base.versions {
            guard let new = currentVersions[old.number] else {
                found.append(Diagnostic(
                    CatalogRules.publishedVersionDeleted, message: "v\(old.number) of '\(current.name)' was deleted, but it is published in the base revision",
                    hint: "Restore it: consumers may still read data written with it.",
                    location: SourceLocation(file: currentCatalog.displayPath((current.folder.isEmpty ? "" : current.folder + "/") + "v\(old.number).avsc")),
                    event: current.name, impact: impact))
                continue
            }
            guard let oldSchema = old.schema, let newSchema = new.schema else { continue }
            found += compare(new: new, newSchema: newSchema, old: old, oldSchema: oldSchema, impact: impact)
        }
        if current.topic != base.topic {
            found.append(Diagnostic(
                CatalogRules.topicChanged, message: "the topic of '\(current.name)' changed from '\(base.topic)' to '\(current.topic)'",
                hint: "Consumers subscribe by topic: keep the old one, or publish a new event on the new topic.",
                location: current.manifest?.topic?.location ?? current.location, event: current.name, impact: impact))
        }
        if let loosened = loosening() { found.append(loosened) }
        return found
    }

    /// A published version: unchanged canonical form, or only a change through shared types that stays compatible.
    func compare(new: ResolvedVersion, newSchema: AvroSchema, old: ResolvedVersion, oldSchema: AvroSchema, impact: Impact) -> [Diagnostic] {
        let oldForm = oldSchema.canonicalForm
        guard newSchema.canonicalForm != oldForm else { return [] }
        // Read the working-tree file with the base's shared types: if it then matches, only a shared type changed.
        let (withBaseTypes, _) = baseCatalog.types.parseSchema(new.source)
        if let withBaseTypes, withBaseTypes.canonicalForm == oldForm {
            return sharedTypeChange(new: new, newSchema: newSchema, oldSchema: oldSchema, impact: impact)
        }
        let location = Self.firstDifference(new: withBaseTypes ?? newSchema, old: oldSchema) ?? SourceLocation(file: new.source.file, line: 1, column: 1)
        return [Diagnostic(
            CatalogRules.publishedVersionChanged,
            message: "v\(new.number) of '\(current.name)' is published, and its canonical form changed",
            hint: "Published versions are immutable (doc edits are fine): revert it and add the change as v\(current.versions.count + 1).avsc.",
            location: location, event: current.name, impact: impact)]
    }

    /// A shared type used by this version changed: it must stay compatible under the event's mode.
    func sharedTypeChange(new: ResolvedVersion, newSchema: AvroSchema, oldSchema: AvroSchema, impact: Impact) -> [Diagnostic] {
        guard let mode = CompatibilityMode(parsing: current.compatibility) else { return [] }
        var found: [Diagnostic] = []
        for direction in mode.directions {
            let result = switch direction {
            case .backward: AvroCompatibility.check(reader: newSchema, writer: oldSchema, roles: direction.roles)
            case .forward: AvroCompatibility.check(reader: oldSchema, writer: newSchema, roles: direction.roles)
            }
            for incompatibility in result.incompatibilities {
                let finding = incompatibility.diagnostic(direction: direction, newer: newSchema, older: oldSchema, newerFile: new.source.file, event: current.name)
                found.append(Diagnostic(
                    CatalogRules.sharedTypeBreaksEvent,
                    message: "a shared type change breaks published v\(new.number) of '\(current.name)' under \(mode.rawValue): \(finding.message) [\(incompatibility.type.rawValue), \(direction.rawValue)]",
                    hint: finding.hint, location: finding.location, pointer: finding.pointer, event: current.name, impact: impact))
            }
        }
        return found
    }

    /// The effective mode lost a guarantee of the base's mode, without a new or changed compatibilityChangeReason.
    func loosening() -> Diagnostic? {
        guard let newMode = CompatibilityMode(parsing: current.compatibility), let oldMode = CompatibilityMode(parsing: base.compatibility),
              !Self.guarantees(oldMode).isSubset(of: Self.guarantees(newMode)) else { return nil }
        let reason = current.manifest?.compatibilityChangeReason?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let oldReason = base.manifest?.compatibilityChangeReason?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !reason.isEmpty, reason != oldReason { return nil }
        let location = current.manifest?.compatibility?.location ?? currentCatalog.manifest.defaults.compatibility?.location ?? current.location
        return Diagnostic(
            CatalogRules.compatibilityLoosened,
            message: "compatibility of '\(current.name)' was loosened from \(oldMode.rawValue) to \(newMode.rawValue) without notice",
            location: location, event: current.name, impact: currentCatalog.impact(of: current))
    }

    /// What a mode promises: directions, and whether against all earlier versions.
    static func guarantees(_ mode: CompatibilityMode) -> Set<String> {
        var result = Set(mode.directions.map(\.rawValue))
        if mode.isTransitive { result.formUnion(mode.directions.map { $0.rawValue + "-transitive" }) }
        return result
    }

    /// The first top-level field whose name or canonical type differs, for a precise location; else the root.
    static func firstDifference(new: AvroSchema, old: AvroSchema) -> SourceLocation? {
        guard case .record(let newRecord) = new.rootNode.type, case .record(let oldRecord) = old.rootNode.type else {
            return new.rootNode.source?.location
        }
        for (index, field) in newRecord.fields.enumerated() {
            guard index < oldRecord.fields.count else { return field.source?.location }
            let other = oldRecord.fields[index]
            if field.name != other.name || new.canonicalForm(of: field.type) != old.canonicalForm(of: other.type) {
                return field.source?.location
            }
        }
        return new.rootNode.source?.location
    }
}
