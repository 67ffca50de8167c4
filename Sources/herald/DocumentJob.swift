import Dispatch
import Foundation
import HeraldBuild
import HeraldCatalog
import HeraldServer
import Logging

/// The AsyncAPI documents a rebuild left pending, made on a Dispatch thread after the pages are served; cancelled
/// when a newer edit arrives first, since they would describe a catalog that is no longer the current one.
final class DocumentJob: @unchecked Sendable {
    private let cancelled = CancelFlag()
    private let lock = NSLock()
    private var made: [String: Data]?

    /// Starts making the documents of `catalog` once `delay` seconds pass without a newer edit (edits in quick
    /// succession then do not share the CPU with documents about to be abandoned); once made (and not cancelled)
    /// they are served from `site`.
    init(pipeline: CatalogBuild, catalog: ResolvedCatalog, site: LiveSite, logger: Logger, delay: Double = 1) {
        let cancelled = self.cancelled
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            guard !cancelled.isCancelled else { return }
            let start = DispatchTime.now().uptimeNanoseconds
            guard let files = try? pipeline.documents(for: catalog, cancelled: cancelled) else { return }
            // Checked under the site's lock: a newer build cancels before it publishes, so stale documents never land.
            site.amend { snapshot in cancelled.isCancelled ? snapshot : snapshot.completed(files) }
            lock.withLock { made = files }
            logger.info("AsyncAPI documents regenerated", metadata: [
                "files": "\(files.count)", "seconds": "\(String(format: "%.3f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))"])
        }
    }

    /// Stops the job; the documents it made, when it finished first.
    func stop() -> [String: Data]? {
        cancelled.cancel()
        return lock.withLock { made }
    }
}
