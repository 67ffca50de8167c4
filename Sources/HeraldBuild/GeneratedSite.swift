import Foundation
import HeraldCatalog
import HeraldSite

/// Every file of one generation held in memory (what `herald serve` serves), with what the next generation compares
/// with to render only what an edit reaches.
public struct GeneratedSite: Sendable {
    /// Every file by path.
    public var files: [String: Data]
    public var catalog: ResolvedCatalog
    public var options: SiteOptions
    /// Site files rendered this time; the others were taken over from the previous generation.
    public var rendered: Int
    /// Whether only part of the site was rendered.
    public var isPartial: Bool
    public var asyncAPISeconds: Double
    public var siteSeconds: Double
}

extension CatalogBuild {
    /// Stage 3 into memory. With `previous` (this pipeline's last generation) and the folders of the events whose files
    /// changed since, only the site files those events reach are rendered (see `SiteSelection`) and the others taken
    /// over; the files are the same as a full generation's either way. The AsyncAPI documents are always made whole.
    public func generate(_ publishable: PublishableCatalog, changedFolders: Set<String>, since previous: GeneratedSite?) throws(BuildProblem) -> GeneratedSite {
        let options = siteOptions(for: publishable)
        let selection = previous.flatMap { previous in
            SiteSelection.of(publishable.catalog, options: options, since: previous.catalog, options: previous.options, changedFolders: changedFolders)
        }
        let output = MemoryOutput()
        let generated = try generate(publishable, options: options, only: selection, into: output)
        var files = output.files
        if selection != nil, let previous {
            files = previous.files.merging(files) { _, new in new }
        }
        return GeneratedSite(files: files, catalog: publishable.catalog, options: options, rendered: generated.siteFileCount,
                             isPartial: selection != nil, asyncAPISeconds: generated.asyncAPISeconds, siteSeconds: generated.siteSeconds)
    }
}
