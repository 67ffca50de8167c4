import Foundation
import HeraldDiagnostics

/// What a check keeps for the next one over the same catalog: each event's files with what parsing, resolving and
/// the event rules made of them, and what those depended on outside the event (catalog.yaml and the shared types).
///
/// An event whose files and context are byte-for-byte those of the previous check is taken over as it was; the others
/// are parsed, resolved and checked again. Catalog-wide rules always run over the whole catalog, so the findings
/// equal a full check's.
public struct CheckMemo: Sendable {
    /// What every event's result depends on besides its own files.
    struct Context: Sendable, Equatable {
        var displayRoot: String
        var manifestBytes: Data?
        var types: [SourceText]
        var strict: Bool
        var keepsCatalog: Bool
    }

    /// One event's input and results.
    struct Entry: Sendable {
        var files: EventFiles
        var parseDiagnostics: [Diagnostic]
        var event: ResolvedEvent
        var found: [Diagnostic]
    }

    var context: Context?
    var entries: [String: Entry] = [:]
    /// The files as the last check sorted them, with each event folder's position in them: a check told which files
    /// were read again, with no file added or removed, puts their bytes in place instead of sorting every file again.
    var sorted: SortedCatalog?
    var positions: [String: Int] = [:]

    /// A memo that reuses nothing.
    public init() {}

    /// Events the last check took over unchanged, and those it parsed and checked again.
    public internal(set) var reused = 0
    public internal(set) var rechecked = 0
    /// The folders of the events parsed and checked again, added or removed by the last check.
    public internal(set) var changedFolders: Set<String> = []
}

extension CatalogChecker {
    /// `check(_:)` reusing the results of the events whose files (and context) did not change since `memo` was
    /// made; returns the result, equal to a full check's, and the memo for the next check.
    ///
    /// `rewritten`: the files read again since the memo's check, when no file was added or removed
    /// (`FileStamps.rewritten`); then only those files' events are compared with the memo's.
    public func check(_ files: consuming CatalogFiles, reusing memo: consuming CheckMemo, rewritten: Set<String>? = nil) -> (CheckResult, CheckMemo) {
        let parser = CatalogParser()
        var touched: Set<String>?
        var positions: [String: Int] = [:]
        let sorted: SortedCatalog
        if let rewritten, memo.context != nil, let previous = memo.sorted.take(),
           let updated = Self.replacing(rewritten, in: previous, positions: memo.positions, from: files) {
            (sorted, touched) = updated
            positions = memo.positions
        } else {
            sorted = parser.sort(files)
            for (index, event) in sorted.events.enumerated() { positions[event.folder] = index }
        }
        let context = CheckMemo.Context(displayRoot: sorted.displayRoot, manifestBytes: sorted.manifestBytes, types: sorted.types,
                                        strict: strict, keepsCatalog: keepsCatalog)
        var previous = memo.context == context ? memo.entries : [:]
        _ = consume memo
        let resolver = CatalogResolver(
            eventRules: CatalogRules.eventUnits, retainsAllSchemas: keepsCatalog, computesCanonicalForms: keepsCatalog, dropsOlderSchemaSources: keepsCatalog)
        let resolveContext = resolver.context(manifest: sorted.manifest, types: sorted.types)
        let displayRoot = sorted.displayRoot
        // Unchanged events come from the memo; the others are parsed, resolved and checked, in parallel.
        var entries: [CheckMemo.Entry?] = []
        entries.reserveCapacity(sorted.events.count)
        var stale: [Int] = []
        // With the last sorted files reused, the folders are the memo's: entries are looked up, not removed, and the
        // memo's table is updated in place for the next check.
        let sameFolders = touched != nil && !previous.isEmpty
        for (index, files) in sorted.events.enumerated() {
            if sameFolders, let touched {
                if !touched.contains(files.folder), let entry = previous[files.folder] {
                    entries.append(entry)
                    continue
                }
            } else if let entry = previous.removeValue(forKey: files.folder), entry.files == files {
                entries.append(entry)
                continue
            }
            entries.append(nil)
            stale.append(index)
        }
        var changedFolders = sameFolders ? [] : Set(previous.keys)
        if !sameFolders { previous = [:] }
        for index in stale { changedFolders.insert(sorted.events[index].folder) }
        let events = sorted.events
        let fresh = ParallelMap.map(stale) { index in
            let (parsed, parseDiagnostics) = parser.parseEvent(events[index], displayRoot: displayRoot)
            let (event, found) = resolver.resolveEvent(parsed, in: resolveContext)
            return CheckMemo.Entry(files: events[index], parseDiagnostics: parseDiagnostics, event: event, found: found)
        }
        for (index, entry) in zip(stale, fresh) { entries[index] = entry }
        let complete = entries.compactMap { $0 }
        var parseDiagnostics = sorted.diagnostics
        for entry in complete { parseDiagnostics += entry.parseDiagnostics }
        let parsed = ParsedCatalog(displayRoot: sorted.displayRoot, manifest: sorted.manifest, manifestFile: sorted.manifestFile,
                                   types: sorted.types, events: [], diagnostics: parseDiagnostics)
        let catalog = resolver.assemble(parsed: parsed, context: resolveContext, events: complete.map { ($0.event, $0.found) })
        var next = CheckMemo()
        next.context = context
        next.sorted = sorted
        next.positions = positions
        if sameFolders {
            for (index, entry) in zip(stale, fresh) { previous[events[index].folder] = entry }
            next.entries = previous
        } else {
            next.entries = Dictionary(complete.map { ($0.files.folder, $0) }, uniquingKeysWith: { first, _ in first })
        }
        next.reused = complete.count - stale.count
        next.rechecked = stale.count
        next.changedFolders = changedFolders
        return (finish(catalog), next)
    }

    /// `previous` with the bytes of the `rewritten` files put in place, and the folders of the events they belong to;
    /// nil when one of them is not an event's (catalog.yaml, a shared type, a file outside events) or is gone, so the
    /// files must be sorted again.
    static func replacing(_ rewritten: Set<String>, in previous: consuming SortedCatalog, positions: [String: Int],
                          from files: borrowing CatalogFiles) -> (SortedCatalog, Set<String>)? {
        var sorted = previous
        var touched = Set<String>()
        for path in rewritten {
            // The deepest folder holding an event.yaml, as sorting finds it.
            var owner: String?
            var end = path.endIndex
            while owner == nil {
                guard let slash = path[..<end].lastIndex(of: "/") else {
                    if files.files["event.yaml"] != nil || files.unreadable["event.yaml"] != nil { owner = "" }
                    break
                }
                let folder = String(path[..<slash])
                if files.files[folder + "/event.yaml"] != nil || files.unreadable[folder + "/event.yaml"] != nil { owner = folder }
                end = slash
            }
            guard let owner, let position = positions[owner], let data = files.files[path],
                  sorted.events[position].files[path] != nil else { return nil }
            sorted.events[position].files[path] = data
            touched.insert(owner)
        }
        return (sorted, touched)
    }
}
