import Dispatch
import Foundation
import HeraldCatalog
import HeraldDiagnostics

/// What one `CatalogBuild.run(reusing:afterCheck:)` gave.
public struct IncrementalRun: Sendable {
    /// Every file in memory when it built, with the check's warnings; else why not.
    public enum Outcome: Sendable {
        case built(GeneratedSite, warnings: [Diagnostic])
        case failed([Diagnostic])
    }

    public var outcome: Outcome
    /// The check's result; nil when the catalog could not be loaded.
    public var checked: CheckResult?
    public var timings = StageTimings()
    /// Events taken over from the previous run, and events parsed and checked again.
    public var reused = 0
    public var rechecked = 0
}

extension CatalogBuild {
    /// Loads, checks and generates into memory, reading, checking and rendering again only what changed since `memo`
    /// was made: the files and findings are those of a full build. `afterCheck` runs between the check and the
    /// generators (`herald serve` registers schemas there); what it returns joins a failed build's findings.
    /// `defersDocuments`: see `generate(_:changedFolders:since:defersDocuments:)`. `changed`: the paths under the
    /// catalog changed since `memo` was made, when a watcher knows them (only their folders are listed again).
    public func run(reusing memo: consuming BuildMemo, changed: ChangedPaths = .unknown, defersDocuments: Bool = false,
                    afterCheck: (CheckResult) -> [Diagnostic] = { _ in [] }) -> (IncrementalRun, BuildMemo) {
        let checked: CheckedCatalog
        var timings = StageTimings()
        var next = BuildMemo()
        do {
            var start = DispatchTime.now().uptimeNanoseconds
            let (loaded, stamps) = try load(reusing: memo.files.take(), changed: changed)
            next.files = stamps
            timings.load = Self.seconds(since: start)
            start = DispatchTime.now().uptimeNanoseconds
            (checked, next.check) = check(loaded, reusing: memo.check)
            timings.check = Self.seconds(since: start)
        } catch {
            return (IncrementalRun(outcome: .failed(error.diagnostics.isEmpty ? [error.diagnostic] : error.diagnostics)), BuildMemo())
        }
        let (reused, rechecked) = (next.check.reused, next.check.rechecked)
        // A build that fails keeps the last good generation to compare with, and what changed since it.
        next.site = memo.site
        next.changedSinceSite = memo.changedSinceSite.union(next.check.changedFolders)
        let afterCheckStart = DispatchTime.now().uptimeNanoseconds
        let extra = afterCheck(checked.result)
        timings.afterCheck = Self.seconds(since: afterCheckStart)
        var run = IncrementalRun(outcome: .failed(checked.result.diagnostics + extra), checked: checked.result, timings: timings,
                                 reused: reused, rechecked: rechecked)
        guard let publishable = checked.publishable else { return (run, next) }
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let generated = try generate(publishable, changedFolders: next.changedSinceSite, since: memo.site, defersDocuments: defersDocuments)
            next.site = generated
            next.changedSinceSite = []
            run.timings.generate = Self.seconds(since: start)
            run.timings.asyncAPI = generated.asyncAPISeconds
            run.timings.site = generated.siteSeconds
            run.outcome = .built(generated, warnings: checked.result.diagnostics)
        } catch {
            run.outcome = .failed([BuildProblem("cannot generate the site: \(error.message)").diagnostic] + extra)
        }
        return (run, next)
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
