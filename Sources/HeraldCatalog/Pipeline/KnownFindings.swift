import Foundation
import HeraldDiagnostics

/// The event rules' findings of an earlier check, by event folder, with what they depended on: the digest of each
/// event's files and the digest of the context every event is checked in (catalog.yaml, the shared types, the
/// options). Plain values, so a build can keep them on disk for the next process.
public struct KnownFindings: Sendable, Equatable, Codable {
    /// One event's files and its rules' findings.
    public struct Event: Sendable, Equatable, Codable {
        /// `EventFiles.digest` of the files the findings were made from.
        public var files: String
        public var findings: [Diagnostic]
    }

    /// `CatalogChecker.contextDigest` of the check that made them.
    public var context: String
    public var events: [String: Event]

    public init(context: String = "", events: [String: Event] = [:]) {
        self.context = context
        self.events = events
    }
}

extension EventFiles {
    /// A digest of everything the event's parse reads: its folder, each file's path and bytes, and each unreadable
    /// entry with why.
    public var digest: String {
        var digest = ContentDigest()
        digest.update(field: folder)
        for path in files.keys.sorted() {
            digest.update(field: path)
            digest.update(field: "\(files[path]!.count)")
            digest.update(files[path]!)
        }
        for path in unreadable.keys.sorted() {
            digest.update(field: "unreadable " + path)
            digest.update(field: "\(unreadable[path]!.kind) \(unreadable[path]!.reason)")
        }
        return digest.hex
    }
}

extension CatalogChecker {
    /// A digest of what every event's rule findings depend on besides its own files.
    func contextDigest(_ sorted: SortedCatalog) -> String {
        var digest = ContentDigest()
        digest.update(field: "rules \(CatalogRules.eventUnits.flatMap(\.descriptors).map(\.id).joined(separator: ","))")
        digest.update(field: "root " + sorted.displayRoot)
        digest.update(field: "strict \(strict) keeps \(keepsCatalog)")
        if let bytes = sorted.manifestBytes {
            digest.update(field: "catalog.yaml \(bytes.count)")
            digest.update(bytes)
        } else {
            digest.update(field: "no catalog.yaml")
        }
        for type in sorted.types {
            digest.update(field: "type " + type.file)
            digest.update(field: type.text)
        }
        return digest.hex
    }

    /// `check(_:)`, taking the event rules' findings of each event whose files and context are those of `known` from
    /// it instead of running the rules again (every event is still parsed and resolved, and the catalog-wide rules
    /// run over the whole catalog), so the result equals a full check's. Returns the findings for the next check,
    /// the folders of the events whose files changed since `known` (added and removed ones too) and how many events'
    /// rules ran.
    public func check(_ files: consuming CatalogFiles, known: KnownFindings?)
        -> (CheckResult, KnownFindings, changedFolders: Set<String>, rechecked: Int) {
        let parser = CatalogParser()
        let sorted = parser.sort(files)
        let context = contextDigest(sorted)
        let previous = known?.context == context ? known?.events ?? [:] : [:]
        let resolver = CatalogResolver(
            eventRules: CatalogRules.eventUnits, retainsAllSchemas: keepsCatalog, computesCanonicalForms: keepsCatalog, dropsOlderSchemaSources: keepsCatalog)
        let resolveContext = resolver.context(manifest: sorted.manifest, types: sorted.types)
        let displayRoot = sorted.displayRoot
        let events = sorted.events
        let results = ParallelMap.map(Array(events.indices)) { index in
            let files = events[index]
            let digest = files.digest
            let cached = previous[files.folder].flatMap { $0.files == digest ? $0.findings : nil }
            let (parsed, parseDiagnostics) = parser.parseEvent(files, displayRoot: displayRoot)
            let (event, found, ruleFindings) = resolver.resolveEvent(parsed, in: resolveContext, knownRuleFindings: cached)
            return (event: event, found: found + ruleFindings, parseDiagnostics: parseDiagnostics,
                    entry: KnownFindings.Event(files: digest, findings: ruleFindings), reused: cached != nil)
        }
        var next = KnownFindings(context: context)
        var changed = Set(previous.keys)
        var parseDiagnostics = sorted.diagnostics
        for (files, result) in zip(events, results) {
            next.events[files.folder] = result.entry
            if previous[files.folder]?.files == result.entry.files { changed.remove(files.folder) } else { changed.insert(files.folder) }
            parseDiagnostics += result.parseDiagnostics
        }
        let parsed = ParsedCatalog(displayRoot: sorted.displayRoot, manifest: sorted.manifest, manifestFile: sorted.manifestFile,
                                   types: sorted.types, events: [], diagnostics: parseDiagnostics)
        let catalog = resolver.assemble(parsed: parsed, context: resolveContext,
                                        events: results.map { ($0.event, $0.found) })
        return (finish(catalog), next, changed, results.filter { !$0.reused }.count)
    }
}
