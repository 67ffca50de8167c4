import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// Stage 1's output: the catalog's files and the site templates, as read from disk.
public struct LoadedSources: Sendable {
    public var files: CatalogFiles
    public var templates: SiteTemplates
    /// The files read again by a load that found no name added or removed (`FileStamps.rewritten`); nil when unknown.
    public var rewritten: Set<String>?

    public init(files: CatalogFiles, templates: SiteTemplates) {
        self.files = files
        self.templates = templates
    }
}

/// Stage 2's output: the check's findings and, when it found no error, the catalog to publish.
public struct CheckedCatalog: Sendable {
    public var result: CheckResult
    public var templates: SiteTemplates

    /// The catalog and templates the generators take; nil when the check found errors.
    public var publishable: PublishableCatalog? {
        guard result.ok, let catalog = result.catalog else { return nil }
        return PublishableCatalog(catalog: catalog, templates: templates)
    }
}

/// What stage 3 takes: a catalog that passed the check, and the templates to render it with.
public struct PublishableCatalog: Sendable {
    public var catalog: ResolvedCatalog
    public var templates: SiteTemplates

    public init(catalog: ResolvedCatalog, templates: SiteTemplates) {
        self.catalog = catalog
        self.templates = templates
    }
}

/// Stage 3's output: what was generated, and how long each side took (they run side by side).
public struct GeneratedOutput: Sendable {
    /// The AsyncAPI documents' paths.
    public var documentPaths: [String]
    /// Files of the site (pages, search index, assets, sitemap).
    public var siteFileCount: Int
    public var asyncAPISeconds: Double
    public var siteSeconds: Double
    /// The search index's event entries, when the generation was asked to keep them (`herald serve`).
    public var searchRows: SearchRows?
    /// Every AsyncAPI document's reach (empty when the documents were not made).
    public var documentReaches: [DocumentReach] = []
    /// Where the catalog document's message entries lie in its files, when it was made.
    public var catalogEntries: MessageEntrySpans? = nil

    /// Every file handed to the output.
    public var fileCount: Int { documentPaths.count + siteFileCount }
}

/// Why a stage could not run at all (unreadable catalog folder, no templates, a failed write): exit status 2, or one
/// `HERALD_COULD_NOT_RUN` diagnostic where diagnostics are shown.
public struct BuildProblem: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Located diagnostics behind the problem (templates that do not parse: exit status 1, nothing published).
    public var diagnostics: [Diagnostic]

    public init(_ message: String, diagnostics: [Diagnostic] = []) {
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String { message }

    /// The same problem as a diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(CatalogRules.couldNotRun, message: message) }
}
