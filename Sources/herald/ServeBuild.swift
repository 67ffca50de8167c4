import Dispatch
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

    /// `run(registry:since:)` reading and checking again only what changed since `memo` was made (the result is the
    /// same as a full build's); the memo for the next build.
    func run(registry: LiveRegistry? = nil, since earlier: CatalogSubjects? = nil, memo: consuming Memo) -> (Report, Memo) {
        let pipeline: CatalogBuild
        let checked: CheckedCatalog
        var timings = StageTimings()
        var next = Memo()
        do {
            pipeline = CatalogBuild(catalog: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog),
                                    templates: { [templates] in try TemplateLocation.load(templates) }, asyncAPIVersion: asyncAPIVersion)
            var start = DispatchTime.now().uptimeNanoseconds
            let (loaded, stamps) = try pipeline.load(reusing: memo.files)
            next.files = stamps
            timings.load = Self.seconds(since: start)
            start = DispatchTime.now().uptimeNanoseconds
            (checked, next.check) = pipeline.check(loaded, reusing: memo.check)
            timings.check = Self.seconds(since: start)
        } catch let problem as BuildProblem {
            return (Report(outcome: .failed(problem.diagnostics.isEmpty ? [problem.diagnostic] : problem.diagnostics)), Memo())
        } catch {
            return (Report(outcome: .failed([BuildProblem("\(error)").diagnostic])), Memo())
        }
        let (reused, rechecked) = (next.check.reused, next.check.rechecked)
        let subjects = checked.result.catalog.map(CatalogSubjects.init)
        var registered: CatalogSubjects.Outcome?
        var refusals: [Diagnostic] = []
        if let registry, let earlier, let subjects {
            let outcome = CatalogSubjects.register(subjects.registrations(since: earlier), with: registry)
            refusals = outcome.refused.map { refusal in
                Diagnostic(RegistryDriftRules.versionMissing,
                           message: "\(refusal.registration.subject): the registry refused v\(refusal.registration.catalogVersion): \(refusal.message)",
                           hint: "The subject's compatibility level decides: make the change compatible, or publish it as a new event that supersedes this one.",
                           location: SourceLocation(file: refusal.registration.file))
            }
            registered = outcome
        }
        guard let publishable = checked.publishable else {
            return (Report(outcome: .failed(checked.result.diagnostics + refusals), subjects: subjects, registry: registered, timings: timings,
                           reused: reused, rechecked: rechecked), next)
        }
        let output = MemoryOutput()
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            _ = try pipeline.generate(publishable, into: output)
        } catch {
            return (Report(outcome: .failed([BuildProblem("cannot generate the site: \(error.message)").diagnostic] + refusals),
                           subjects: subjects, registry: registered, timings: timings, reused: reused, rechecked: rechecked), next)
        }
        timings.generate = Self.seconds(since: start)
        return (Report(outcome: .built(files: output.files, warnings: checked.result.diagnostics), subjects: subjects, registry: registered,
                       timings: timings, reused: reused, rechecked: rechecked), next)
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
