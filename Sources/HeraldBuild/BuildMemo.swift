import Foundation
import HeraldCatalog

/// What one build keeps for the next build of the same catalog in the same process (`herald serve`): the files'
/// stamps, so unchanged files are not read again, and the check's per-event results, so unchanged events are not
/// parsed and checked again.
public struct BuildMemo: Sendable {
    public var files: FileStamps?
    public var check = CheckMemo()
    /// The last generation that built, which the next one takes unchanged files from.
    public var site: GeneratedSite?
    /// Folders of the events changed since `site` was generated (builds that failed in between add theirs).
    public var changedSinceSite: Set<String> = []

    /// A memo that reuses nothing.
    public init() {}

    /// The last generation's pending AsyncAPI documents, made (`CatalogBuild.documents(for:cancelled:)`).
    public mutating func documentsMade(_ files: [String: Data]) {
        guard var site, !site.pendingDocuments.isEmpty else { return }
        for path in site.pendingDocuments { site.files[path] = files[path] }
        site.pendingDocuments = []
        self.site = site
    }
}

/// How long each stage of one build took, in seconds.
public struct StageTimings: Sendable {
    public var load = 0.0
    public var check = 0.0
    /// What runs between the check and the generators (`herald serve` registers schemas there).
    public var afterCheck = 0.0
    public var generate = 0.0
    /// The two sides of `generate`, which run side by side.
    public var asyncAPI = 0.0
    public var site = 0.0

    public init() {}
}
