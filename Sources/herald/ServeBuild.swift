import Foundation
import HeraldAsyncAPI
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import HeraldRegistry

/// One build of the site `herald serve` shows: `herald build`'s pipeline (`CatalogBuild`) into memory, with the live
/// registry brought up to date between the check and the generators.
struct ServeBuild: Sendable {
    /// What one build gave.
    enum Outcome: Sendable {
        /// Every file of the site by path, and the check's warnings.
        case built(files: [String: Data], warnings: [Diagnostic])
        /// Why nothing was built: the check's findings, or one `HERALD_COULD_NOT_RUN` error.
        case failed([Diagnostic])
    }

    /// A build's outcome, the catalog's subjects as it found them, and what registering the changed ones gave.
    struct Report: Sendable {
        var outcome: Outcome
        /// nil when the catalog could not be loaded: the next build compares with the last subjects known.
        var subjects: CatalogSubjects?
        var registry: CatalogSubjects.Outcome?
        var timings = StageTimings()
        /// Events taken over from the previous build, and events parsed and checked again.
        var reused = 0
        var rechecked = 0
        /// Site files rendered (the others were taken over from the previous build).
        var rendered = 0
        /// AsyncAPI documents left to make after the pages are served.
        var pending: Set<String> = []
    }

    typealias Memo = BuildMemo

    var catalog: String
    var templates: String?
    var asyncAPIVersion: AsyncAPIVersion = .v3_0_0

    /// Loads, checks and generates; the templates are read afresh each time, so edits to them count too.
    ///
    /// With a registry and the subjects of the previous build, the schemas added or changed since are registered
    /// (the registry's compatibility level decides, whether or not the rest of the catalog checks clean); a refusal
    /// joins a failed build's diagnostics, so the overlay says why.
    func run(registry: LiveRegistry? = nil, since earlier: CatalogSubjects? = nil) -> Report {
        run(registry: registry, since: earlier, memo: Memo()).0
    }

    var pipeline: CatalogBuild {
        CatalogBuild(catalog: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog),
                     templates: { [templates] in try TemplateLocation.load(templates) }, asyncAPIVersion: asyncAPIVersion)
    }

    /// `run(registry:since:)` reading and checking again only what changed since `memo` was made (the result is the
    /// same as a full build's); the memo for the next build. `changed`: the catalog paths the watcher saw change.
    func run(registry: LiveRegistry? = nil, since earlier: CatalogSubjects? = nil, memo: consuming Memo,
             changed: ChangedPaths = .unknown) -> (Report, Memo) {
        var subjects: CatalogSubjects?
        var registered: CatalogSubjects.Outcome?
        let (run, next) = pipeline.run(reusing: memo, changed: changed, defersDocuments: true) { result in
            subjects = result.catalog.map(CatalogSubjects.init)
            guard let registry, let earlier, let subjects else { return [] }
            let outcome = CatalogSubjects.register(subjects.registrations(since: earlier), with: registry)
            registered = outcome
            return outcome.refused.map { refusal in
                Diagnostic(RegistryDriftRules.versionMissing,
                           message: "\(refusal.registration.subject): the registry refused v\(refusal.registration.catalogVersion): \(refusal.message)",
                           hint: "The subject's compatibility level decides: make the change compatible, or publish it as a new event that supersedes this one.",
                           location: SourceLocation(file: refusal.registration.file))
            }
        }
        var report = Report(outcome: .failed([]), subjects: subjects, registry: registered, timings: run.timings,
                            reused: run.reused, rechecked: run.rechecked)
        switch run.outcome {
        case .built(let generated, let warnings):
            report.outcome = .built(files: generated.files, warnings: warnings)
            report.pending = Set(generated.pendingDocuments)
            report.rendered = generated.rendered
        case .failed(let diagnostics):
            report.outcome = .failed(diagnostics)
        }
        return (report, next)
    }
}
