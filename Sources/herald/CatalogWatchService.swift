import Foundation
import HeraldDiagnostics
import HeraldRegistry
import HeraldServer
import Logging
import ServiceLifecycle

/// Polls the catalog and template folders and, when anything under them changes, rebuilds the site and serves the
/// result: a good build replaces the files, a failed one keeps them and shows its diagnostics over every page. The
/// live registry gets the schemas added or changed since the previous build.
struct CatalogWatchService: Service {
    var roots: [String]
    var build: ServeBuild
    var site: LiveSite
    var registry: LiveRegistry?
    var logger: Logger
    /// The tree as the first build read it (taken before that build, so an edit made during it is not missed).
    var initial: TreeFingerprint
    /// The subjects the first build found (the registry was preloaded from the same catalog).
    var subjects: CatalogSubjects?
    var interval: Duration = .milliseconds(200)

    func run() async throws {
        var seen = initial
        var subjects = self.subjects
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = TreeFingerprint.scan(roots)
            guard now != seen else { continue }
            let changed = now.changes(since: seen)
            seen = now
            logger.info("catalog changed, rebuilding", metadata: ["paths": "\(changed.prefix(5).joined(separator: ", "))"])
            let report = await Self.offload(build, registry: registry, since: subjects)
            if let found = report.subjects { subjects = found }
            Self.log(report.registry, logger: logger)
            Self.apply(report.outcome, to: site, logger: logger)
        }
        // Open pages' event streams end here, before the HTTP server waits for its requests to finish.
        site.finish()
    }

    /// Serves `outcome`: its files when it built, its diagnostics over the last good files when it failed.
    static func apply(_ outcome: ServeBuild.Outcome, to site: LiveSite, logger: Logger) {
        switch outcome {
        case .built(let files, let warnings):
            site.update { $0.built(files) }
            logger.info("site rebuilt", metadata: ["files": "\(files.count)", "warnings": "\(warnings.count)",
                                                   "generation": "\(site.snapshot.generation)"])
        case .failed(let problems):
            site.update { $0.failed(problems) }
            let errors = problems.filter { $0.severity == .error }
            logger.warning("the catalog has errors; the last good site stays up", metadata: [
                "errors": "\(errors.count)", "first": "\(errors.first.map { "\($0.location?.description ?? "") \($0.rule)" } ?? "")"])
        }
    }

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

    /// Runs the build on a Dispatch thread, off the cooperative pool the servers answer on.
    static func offload(_ build: ServeBuild, registry: LiveRegistry?, since subjects: CatalogSubjects?) async -> ServeBuild.Report {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: build.run(registry: registry, since: subjects)) }
        }
    }
}
