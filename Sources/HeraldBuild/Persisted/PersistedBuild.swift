import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// `herald build` into an output folder an earlier build may have filled, with what that build left in its
/// `BuildCache`: when no input changed and the output is as it was left, nothing is done; otherwise the event rules
/// run only on the events whose files changed, only the pages those events reach are rendered again (the same
/// `SiteSelection` `herald serve` uses), and only files whose bytes differ are written. The output and the findings
/// equal a full build's. Without a usable state (none, corrupt, another format or Herald version, other templates
/// or options, an output folder edited by hand) it is a full build.
public struct PersistedBuild: Sendable {
    public var pipeline: CatalogBuild
    public var output: OutputDirectory
    /// nil: nothing is read or kept (`--no-cache`).
    public var cache: BuildCache?
    /// Herald's version: a state another version left is not used.
    public var heraldVersion: String

    public init(pipeline: CatalogBuild, output: OutputDirectory, cache: BuildCache?, heraldVersion: String) {
        self.pipeline = pipeline
        self.output = output
        self.cache = cache
        self.heraldVersion = heraldVersion
    }

    /// What this build knows before it checks: its digests, and the state the last build left when it applies.
    public struct Plan: Sendable {
        public var global: String
        public var inputs: String
        /// The last build's state, when it was made with the same Herald, templates and options.
        public var previous: BuildState?
        /// Whether the output folder holds exactly the files the last build recorded, each as it left it.
        public var outputIntact: Bool

        /// No input changed and the output is as the last build left it: there is nothing to do.
        public var isUnchanged: Bool { previous?.inputs == inputs && outputIntact }
    }

    /// Reads the last build's state and compares it with what was loaded.
    public func plan(_ loaded: LoadedSources) -> Plan {
        let global = globalDigest(loaded.templates)
        let inputs = Self.inputsDigest(loaded.files)
        guard let state = cache?.read(), state.global == global else {
            return Plan(global: global, inputs: inputs, previous: nil, outputIntact: false)
        }
        return Plan(global: global, inputs: inputs, previous: state, outputIntact: state.manifest.differences(under: output.url).isEmpty)
    }

    /// The check, taking the event rules' findings of unchanged events from the last build.
    public func check(_ loaded: consuming LoadedSources, plan: Plan) -> Checked {
        let templates = loaded.templates
        let (result, findings, changed, rechecked) = CatalogChecker(keepsCatalog: true).check(loaded.files, known: plan.previous?.findings)
        return Checked(catalog: CheckedCatalog(result: result, templates: templates), findings: findings, changedFolders: changed,
                       rechecked: rechecked)
    }

    /// `check`'s result with what the next build keeps.
    public struct Checked: Sendable {
        public var catalog: CheckedCatalog
        public var findings: KnownFindings
        /// Folders of the events whose files changed since the last build (added and removed ones too).
        public var changedFolders: Set<String>
        /// Events whose rules ran (the others' findings came from the last build).
        public var rechecked: Int
    }

    /// What `generate` made.
    public struct Generated: Sendable {
        public var output: GeneratedOutput
        public var shape: SiteShape
        /// Whether only the pages the changed events reach were rendered (the other files were kept).
        public var isPartial: Bool
    }

    /// Generates into `staging` (an output staged with `reusingUnchanged` and the last build's records): everything,
    /// or, when the last build's site has the same shape, only the pages the changed events reach, keeping the rest.
    public func generate(_ publishable: PublishableCatalog, _ checked: Checked, plan: Plan,
                         into staging: OutputDirectory.Staging) throws(BuildProblem) -> Generated {
        let options = pipeline.siteOptions(for: publishable)
        let catalog = publishable.catalog
        let shape = SiteShape(catalog, options: options)
        var selection: SiteSelection?
        if let previous = plan.previous, plan.outputIntact, previous.findings.context == checked.findings.context, previous.shape == shape {
            let changed = Set(catalog.events.indices.filter { checked.changedFolders.contains(catalog.events[$0].folder) })
            selection = SiteSelection.of(catalog, changedEvents: changed)
        }
        // The AsyncAPI documents of a partial build: those describing a changed event, or whose events are others
        // than last time; the rest stay as the last build left them.
        let known = selection == nil ? nil : plan.previous?.documents
        let changedFolders = checked.changedFolders
        // Their unchanged messages' entries are read back from the catalog document the last build left.
        let folder = output.url.standardizedFileURL.appendingPathComponent("asyncapi", isDirectory: true)
        let reuse = selection == nil ? nil : plan.previous.map {
            MessageEntryReuse(yaml: folder.appendingPathComponent("catalog.yaml"), json: folder.appendingPathComponent("catalog.json"),
                              spans: $0.entries, changedFolders: changedFolders)
        }
        var generated = try pipeline.generate(publishable, options: options, only: selection, selectDocuments: { reaches in
            known.map { Self.documentsToMake(reaches, known: $0, changedFolders: changedFolders) }
        }, reuse: reuse, into: StagedOutput(staging))
        if generated.catalogEntries == nil, selection != nil {
            // The catalog document was kept: so are the spans of its entries.
            generated.catalogEntries = plan.previous?.entries
        }
        if selection != nil, let previous = plan.previous {
            // The pages not rendered again stay as the last build left them.
            staging.retain(previous.outputs)
        }
        return Generated(output: generated, shape: shape, isPartial: selection != nil)
    }

    /// The stems of the documents whose bytes may differ from the last build's: a document with no record, whose
    /// events are others than recorded, or that describes an event whose files changed.
    static func documentsToMake(_ reaches: [DocumentReach], known: [String: String], changedFolders: Set<String>) -> Set<String> {
        Set(reaches.filter { reach in
            known[reach.stem] != reachDigest(reach) || reach.folders.contains { changedFolders.contains($0) }
        }.map(\.stem))
    }

    /// A digest of a document's reach, kept in `BuildState.documents`.
    static func reachDigest(_ reach: DocumentReach) -> String {
        var digest = ContentDigest()
        digest.update(field: "\(reach.folders.count)")
        for folder in reach.folders { digest.update(field: folder) }
        return digest.hex
    }

    /// Keeps what the next build needs, once the output is published.
    public func save(plan: Plan, checked: Checked, generated: Generated, published staging: OutputDirectory.Staging) throws(BuildProblem) {
        guard let cache else { return }
        let manifest = staging.manifest
        let result = checked.catalog.result
        try cache.write(BuildState(global: plan.global, inputs: plan.inputs, findings: checked.findings, shape: generated.shape,
                                   diagnostics: result.diagnostics, events: result.events, versions: result.versions, examples: result.examples,
                                   fileCount: manifest.records.count, outputs: manifest.records,
                                   documents: Dictionary(generated.output.documentReaches.map { ($0.stem, Self.reachDigest($0)) },
                                                         uniquingKeysWith: { first, _ in first }),
                                   entries: generated.output.catalogEntries ?? MessageEntrySpans()))
    }

    /// Herald's version, the templates and every option that shapes the output.
    func globalDigest(_ templates: SiteTemplates) -> String {
        var digest = ContentDigest()
        digest.update(field: "herald build state \(BuildState.currentFormat), herald \(heraldVersion)")
        digest.update(field: "catalog shown as " + pipeline.displayRoot)
        digest.update(field: "base URL " + (pipeline.baseURL ?? "-"))
        digest.update(field: "asyncapi \(pipeline.asyncAPIVersion)")
        for name in templates.templates.keys.sorted() {
            digest.update(field: "template " + name)
            digest.update(field: templates.templates[name]!)
        }
        for name in templates.assets.keys.sorted() {
            digest.update(field: "asset " + name)
            digest.update(field: "\(templates.assets[name]!.count)")
            digest.update(templates.assets[name]!)
        }
        return digest.hex
    }

    /// Every catalog file's path and bytes, and every unreadable entry.
    static func inputsDigest(_ files: CatalogFiles) -> String {
        var digest = ContentDigest()
        for path in files.files.keys.sorted() {
            digest.update(field: path)
            digest.update(field: "\(files.files[path]!.count)")
            digest.update(files.files[path]!)
        }
        for path in files.unreadable.keys.sorted() {
            digest.update(field: "unreadable " + path)
            digest.update(field: "\(files.unreadable[path]!.kind) \(files.unreadable[path]!.reason)")
        }
        return digest.hex
    }
}

extension PersistedBuild {
    /// What one `run` gave.
    public enum Outcome: Sendable {
        /// Nothing changed: the output and the findings are the last build's.
        case unchanged(BuildState)
        /// Published; the check's report (warnings).
        case built(Built)
        /// The check found errors; nothing was written.
        case failed(DiagnosticReport)
    }

    /// A published build.
    public struct Built: Sendable {
        public var report: DiagnosticReport
        public var generated: Generated
        /// Files of the output, files written this time, and events whose rules ran again.
        public var files: Int
        public var written: Int
        public var rechecked: Int
    }

    /// Loads, plans, checks, generates into the output and publishes it, then keeps the state for the next build;
    /// `lap` is called as each stage ends (`load`, `cache`, `check`, `generate`, `publish`). Throws when a stage
    /// cannot run (unreadable catalog, templates with errors, a failed write): then the output and the cache are as
    /// they were, except after a failure while publishing, where the next build compares with what is on disk.
    public func run(lap: (String) -> Void = { _ in }) throws(BuildProblem) -> Outcome {
        if let refusal = output.refusal() { throw BuildProblem(refusal) }
        let loaded = try pipeline.load()
        lap("load")
        let plan = plan(loaded)
        lap("cache")
        if plan.isUnchanged, let previous = plan.previous { return .unchanged(previous) }
        let checked = check(loaded, plan: plan)
        guard checked.catalog.result.ok else { return .failed(checked.catalog.result.report) }
        guard let publishable = checked.catalog.publishable else { throw BuildProblem("the check kept no catalog to publish") }
        lap("check")
        let staging: OutputDirectory.Staging
        do {
            staging = try output.stage(reusingUnchanged: true, known: plan.outputIntact ? plan.previous?.manifest : nil)
        } catch {
            throw BuildProblem(error.message)
        }
        let generated: Generated
        do {
            generated = try generate(publishable, checked, plan: plan, into: staging)
        } catch {
            staging.discard()
            throw error
        }
        lap("generate")
        do {
            try staging.publish()
        } catch {
            throw BuildProblem(error.message)
        }
        try save(plan: plan, checked: checked, generated: generated, published: staging)
        lap("publish")
        return .built(Built(report: checked.catalog.result.report, generated: generated, files: staging.manifest.records.count,
                            written: staging.writtenCount, rechecked: checked.rechecked))
    }
}
