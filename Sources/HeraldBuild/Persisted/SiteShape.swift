import HeraldCatalog
import HeraldSite

/// What `SiteSelection` compares between two catalogs, as digests kept in `BuildState`: when the shapes of two builds
/// are equal (and so are their catalog.yaml, shared types, templates and options), an edit of some events' contents
/// reaches only the pages `SiteSelection.of(_:changedEvents:)` names.
public struct SiteShape: Sendable, Codable, Equatable {
    /// `SiteIndex.digest`: who produces, consumes, owns and supersedes what, domains, slugs.
    public var index: String
    /// The links to the AsyncAPI documents.
    public var links: String
    /// Per event, in catalog order: its name, folder and version numbers.
    public var events: [String]

    public init(index: String = "", links: String = "", events: [String] = []) {
        self.index = index
        self.links = links
        self.events = events
    }

    public init(_ catalog: ResolvedCatalog, options: SiteOptions) {
        index = SiteIndex(catalog).digest
        var digest = ContentDigest()
        for link in options.asyncAPIDocuments {
            digest.update(field: link.path)
            digest.update(field: link.title)
            digest.update(field: link.events.joined(separator: "\n"))
        }
        links = digest.hex
        events = catalog.events.map { event in
            var digest = ContentDigest()
            digest.update(field: event.name)
            digest.update(field: event.folder)
            digest.update(field: event.versions.map { String($0.number) }.joined(separator: ","))
            digest.update(field: event.latest.map { String($0.number) } ?? "-")
            return digest.hex
        }
    }
}
