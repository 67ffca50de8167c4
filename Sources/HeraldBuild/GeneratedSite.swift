import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldSite

/// Every file of one generation held in memory (what `herald serve` serves), with what the next generation compares
/// with to render only what an edit reaches.
public struct GeneratedSite: Sendable {
    /// Every file by path.
    public var files: [String: Data]
    public var catalog: ResolvedCatalog
    /// The catalog's site index, which the next generation compares with.
    public var siteIndex: SiteIndex
    public var options: SiteOptions
    /// The search index's event entries, which the next generation takes over for the events it does not render.
    public var searchRows: SearchRows?
    /// Site files rendered this time; the others were taken over from the previous generation.
    public var rendered: Int
    /// Whether only part of the site was rendered.
    public var isPartial: Bool
    /// The AsyncAPI documents not made yet (`documents(for:)` makes them); absent from `files` until then.
    public var pendingDocuments: [String] = []
    public var asyncAPISeconds: Double
    public var siteSeconds: Double
}

extension CatalogBuild {
    /// Stage 3 into memory. With `previous` (this pipeline's last generation) and the folders of the events whose files
    /// changed since, only the site files those events reach are rendered (see `SiteSelection`) and the others taken
    /// over; the files are the same as a full generation's either way. The AsyncAPI documents are always made whole.
    ///
    /// With `defersDocuments`, a partial generation leaves the AsyncAPI documents (which describe the whole catalog
    /// and cost more than the pages an edit reaches) out of `files` and lists them in `pendingDocuments`.
    public func generate(_ publishable: PublishableCatalog, changedFolders: Set<String>, since previous: GeneratedSite?,
                         defersDocuments: Bool = false) throws(BuildProblem) -> GeneratedSite {
        let options = siteOptions(for: publishable)
        let index = SiteIndex(publishable.catalog)
        let selection = previous.flatMap { previous in
            SiteSelection.of(publishable.catalog, index: index, options: options, since: previous.catalog, index: previous.siteIndex,
                             options: previous.options, changedFolders: changedFolders)
        }
        let defers = defersDocuments && selection != nil
        let output = MemoryOutput()
        let generated = try generate(publishable, options: options, index: index, only: selection, searchRows: (true, previous?.searchRows),
                                     documents: !defers, into: output)
        var files = output.files
        var pending: [String] = []
        if selection != nil, let previous {
            files = previous.files.merging(files) { _, new in new }
        }
        if defers {
            pending = AsyncAPIGenerator(options: .init(version: asyncAPIVersion)).documentPaths(for: publishable.catalog)
            for path in pending { files[path] = nil }
        }
        return GeneratedSite(files: files, catalog: publishable.catalog, siteIndex: index, options: options, searchRows: generated.searchRows, rendered: generated.siteFileCount,
                             isPartial: selection != nil, pendingDocuments: pending, asyncAPISeconds: generated.asyncAPISeconds,
                             siteSeconds: generated.siteSeconds)
    }

    /// The AsyncAPI documents of a generation whose documents are pending, by path; throws `DocumentsCancelled` once
    /// `cancelled` is set (a newer edit makes them stale before they are done).
    public func documents(for catalog: ResolvedCatalog, cancelled: CancelFlag) throws -> [String: Data] {
        let output = MemoryOutput(cancelled: cancelled)
        try AsyncAPIGenerator(options: .init(version: asyncAPIVersion)).stream(catalog) { path in try output.open(path: path) }
        return output.files
    }
}

/// Set from one thread to stop work running on another.
public final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    public init() {}

    public func cancel() { lock.withLock { set = true } }

    public var isCancelled: Bool { lock.withLock { set } }
}

/// Work stopped through its `CancelFlag`.
public struct DocumentsCancelled: Error {}
