import Dispatch
import Foundation
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import HeraldRegistry
import HeraldServer
import Logging
import ServiceLifecycle

/// Watches the catalog and template folders (inotify where the system has it, else a scan every 200 ms) and, when
/// anything under them changes, rebuilds the site and serves the result: a good build replaces the files, a failed
/// one keeps them and shows its diagnostics over every page. The live registry gets the schemas added or changed since
/// the previous build.
struct CatalogWatchService: Service, CustomStringConvertible {
    /// How changes are noticed; both are set up before the first build, so an edit made during it is not missed.
    enum Watch: Sendable {
        /// Kernel notifications, a short quiet time gathering an editor's save into one change.
        case notify(TreeNotifier)
        /// Scans of the tree, compared with the one taken before the first build.
        case poll(roots: [String], initial: TreeFingerprint)

        /// Notifications when the system offers them and `polling` is false, else scans.
        static func start(roots: [String], polling: Bool) -> Watch {
            if !polling, let notifier = TreeNotifier(roots: roots) { return .notify(notifier) }
            return .poll(roots: roots, initial: TreeFingerprint.scan(roots))
        }

        var name: String {
            switch self {
            case .notify: "inotify"
            case .poll: "polling"
            }
        }
    }

    var watch: Watch
    var build: ServeBuild
    var site: LiveSite
    var registry: LiveRegistry?
    var logger: Logger
    /// The subjects the first build found (the registry was preloaded from the same catalog).
    var subjects: CatalogSubjects?
    /// What the first build kept for the next one.
    var memo: ServeBuild.Memo
    var interval: Duration = .milliseconds(200)

    /// What the service group logs: not a reflection of the whole memo, which at 10,000 events takes minutes.
    var description: String { "CatalogWatchService(\(watch.name))" }

    func run() async throws {
        var subjects = self.subjects
        var memo = self.memo
        var seen: TreeFingerprint?
        var documents: DocumentJob?
        if case .poll(_, let initial) = watch { seen = initial }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let changed: [String]
            var catalogChanges = ChangedPaths.unknown
            switch watch {
            case .notify(let notifier):
                switch await Self.offload({ notifier.wait(timeout: 250) }) {
                case .quiet: continue
                case .changed(let paths):
                    changed = paths
                    catalogChanges = notifier.changes(paths, under: build.catalog)
                case .overflowed: changed = ["(too many changes to list)"]
                }
            case .poll(let roots, _):
                try? await Task.sleep(for: interval)
                let now = TreeFingerprint.scan(roots)
                guard let before = seen, now != before else { continue }
                changed = now.changes(since: before)
                seen = now
            }
            logger.info("catalog changed, rebuilding", metadata: ["paths": "\(changed.prefix(5).joined(separator: ", "))"])
            // Documents still being made describe the catalog before this edit: kept when done, else abandoned.
            if let made = documents?.stop() { memo.documentsMade(made) }
            documents = nil
            let (report, next) = await Self.offload { [build, registry, subjects, memo, catalogChanges] in
                build.run(registry: registry, since: subjects, memo: memo, changed: catalogChanges)
            }
            if let found = report.subjects { subjects = found }
            Self.log(report.registry, logger: logger)
            Self.apply(report, to: site, logger: logger)
            // Replaced after the pages went out, and freed on another thread: freeing the last build's memo (tens of
            // thousands of entries at 10,000 events) is not on the way from an edit to its reload, nor the next one's.
            let last = memo
            memo = next
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(last) {} }
            if let last = memo.site, !last.pendingDocuments.isEmpty {
                documents = DocumentJob(pipeline: build.pipeline, catalog: last.catalog, site: site, logger: logger)
            }
        }
        _ = documents?.stop()
        // Open pages' event streams end here, before the HTTP server waits for its requests to finish.
        site.finish()
    }

    /// Serves `outcome`: its files when it built, its diagnostics over the last good files when it failed.
    static func apply(_ report: ServeBuild.Report, to site: LiveSite, logger: Logger) {
        switch report.outcome {
        case .built(let files, let warnings):
            site.update { $0.built(files, pending: report.pending) }
            let timings = report.timings
            logger.info("site rebuilt", metadata: [
                "files": "\(files.count)", "warnings": "\(warnings.count)", "generation": "\(site.snapshot.generation)",
                "events": "\(report.rechecked) checked, \(report.reused) unchanged",
                "rendered": "\(report.rendered)",
                "seconds": .string("load \(Self.format(timings.load)), check \(Self.format(timings.check)), "
                    + "registry \(Self.format(timings.afterCheck)), generate \(Self.format(timings.generate)) "
                    + "(AsyncAPI \(Self.format(timings.asyncAPI)), site \(Self.format(timings.site)))")])
        case .failed(let problems):
            site.update { $0.failed(problems) }
            let errors = problems.filter { $0.severity == .error }
            logger.warning("the catalog has errors; the last good site stays up", metadata: [
                "errors": "\(errors.count)", "first": "\(errors.first.map { "\($0.location?.description ?? "") \($0.rule)" } ?? "")"])
        }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// One line per schema registered or refused.
    static func log(_ outcome: CatalogSubjects.Outcome?, logger: Logger) {
        guard let outcome else { return }
        for entry in outcome.registered where entry.isNew {
            logger.info("registry: registered", metadata: [
                "subject": "\(entry.registration.subject)", "version": "\(entry.version)", "id": "\(entry.id)",
                "file": "\(entry.registration.file)"])
        }
        for entry in outcome.refused {
            logger.warning("registry: refused", metadata: [
                "subject": "\(entry.registration.subject)", "file": "\(entry.registration.file)", "reason": "\(entry.message)"])
        }
    }

    /// Runs `work` on a Dispatch thread, off the cooperative pool the servers answer on.
    static func offload<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
