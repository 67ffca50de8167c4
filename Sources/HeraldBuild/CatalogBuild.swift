import Dispatch
import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// The pipeline `herald build` and `herald serve` share: load → check → generate (AsyncAPI documents and the site,
/// side by side) into a `BuildOutput`.
public struct CatalogBuild: Sendable {
    public var catalog: URL
    /// How diagnostics name the catalog folder.
    public var displayRoot: String
    /// Reads the site templates; called by every load (so edits to them count).
    public var templates: @Sendable () throws -> SiteTemplates
    public var asyncAPIVersion: AsyncAPIVersion
    /// The URL the output is published at; enables sitemap.xml.
    public var baseURL: String?

    public init(catalog: URL, displayRoot: String, templates: @escaping @Sendable () throws -> SiteTemplates,
                asyncAPIVersion: AsyncAPIVersion = .v3_0_0, baseURL: String? = nil) {
        self.catalog = catalog
        self.displayRoot = displayRoot
        self.templates = templates
        self.asyncAPIVersion = asyncAPIVersion
        self.baseURL = baseURL
    }

    /// The pipeline with the templates of one folder.
    public init(catalog: URL, displayRoot: String, templates folder: URL, asyncAPIVersion: AsyncAPIVersion = .v3_0_0, baseURL: String? = nil) {
        self.init(catalog: catalog, displayRoot: displayRoot, templates: { try SiteTemplates.load(from: folder) },
                  asyncAPIVersion: asyncAPIVersion, baseURL: baseURL)
    }

    /// Stage 1: reads the catalog folder and the templates.
    public func load() throws(BuildProblem) -> LoadedSources {
        try load(reusing: nil).0
    }

    /// Stage 1 reusing the bytes of the files unchanged since `stamps` were taken; the stamps for the next load. With
    /// `changed` naming the paths changed since, only their folders are listed again.
    public func load(reusing stamps: consuming FileStamps?, changed: ChangedPaths = .unknown) throws(BuildProblem) -> (LoadedSources, FileStamps) {
        do {
            let (files, next) = try DirectoryCatalogSource(directory: catalog, displayRoot: displayRoot).load(reusing: stamps, changed: changed)
            var loaded = LoadedSources(files: files, templates: try templates())
            loaded.rewritten = next.rewritten
            return (loaded, next)
        } catch let error as SiteTemplateError {
            throw BuildProblem("the templates have errors", diagnostics: error.diagnostics)
        } catch let error as CatalogSourceError {
            throw BuildProblem(error.description)
        } catch {
            throw BuildProblem("\(error)")
        }
    }

    /// Stage 2 reusing the results of the events unchanged since `memo` was made; the findings equal `check(_:)`'s.
    public func check(_ loaded: consuming LoadedSources, reusing memo: consuming CheckMemo) -> (CheckedCatalog, CheckMemo) {
        let templates = loaded.templates
        let rewritten = loaded.rewritten
        let (result, next) = CatalogChecker(keepsCatalog: true).check(loaded.files, reusing: memo, rewritten: rewritten)
        return (CheckedCatalog(result: result, templates: templates), next)
    }

    /// Stage 2: the same gate as `herald check`, keeping the resolved catalog for stage 3.
    public func check(_ loaded: consuming LoadedSources) -> CheckedCatalog {
        let templates = loaded.templates
        return CheckedCatalog(result: CatalogChecker(keepsCatalog: true).check(loaded.files), templates: templates)
    }

    /// Stage 3: the AsyncAPI documents and the site, generated side by side, each file handed to `output` as soon as
    /// it is made (a large catalog's documents run to gigabytes, so neither is held whole here).
    public func generate(_ publishable: PublishableCatalog, into output: some BuildOutput) throws(BuildProblem) -> GeneratedOutput {
        try generate(publishable, options: siteOptions(for: publishable), only: nil, into: output)
    }

    /// The site's options for a catalog: its templates, the base URL, the links to the AsyncAPI documents.
    public func siteOptions(for publishable: PublishableCatalog) -> SiteOptions {
        let paths = AsyncAPIGenerator(options: .init(version: asyncAPIVersion)).documentPaths(for: publishable.catalog)
        return SiteOptions(templates: publishable.templates, baseURL: baseURL, asyncAPIDocuments: Self.links(paths, publishable.catalog))
    }

    /// Stage 3 with the site limited to `selection` (everything when nil); the AsyncAPI documents are all made.
    /// `searchRows`: see `SiteGenerator.emit(_:index:only:searchRows:to:)`; the rows kept are in the result.
    /// `selectDocuments` picks the AsyncAPI documents to make from their reaches (nil: all of them).
    func generate(_ publishable: PublishableCatalog, options: SiteOptions, index: SiteIndex? = nil, only selection: SiteSelection?,
                  searchRows: (keep: Bool, previous: SearchRows?) = (false, nil), documents: Bool = true,
                  selectDocuments: @escaping @Sendable ([DocumentReach]) -> Set<String>? = { _ in nil }, reuse: MessageEntryReuse? = nil,
                  into output: some BuildOutput) throws(BuildProblem) -> GeneratedOutput {
        let catalog = publishable.catalog
        let generator = AsyncAPIGenerator(options: .init(version: asyncAPIVersion))
        let paths = generator.documentPaths(for: catalog)
        let asyncAPI = Branch()
        let group = DispatchGroup()
        if documents { DispatchQueue.global().async(group: group) {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                asyncAPI.streamed = try generator.stream(catalog, select: selectDocuments, reuse: reuse) { path in try output.open(path: path) }
            } catch {
                asyncAPI.fail(Self.message(error))
            }
            asyncAPI.finish(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        } }
        var siteFailure: String?
        var rows: SearchRows?
        let siteFiles = Branch()
        let siteStart = DispatchTime.now().uptimeNanoseconds
        do {
            // Pages are handed over by the workers that render them, as they are made.
            rows = try SiteGenerator(options: options).emit(catalog, index: index ?? SiteIndex(catalog), only: selection, searchRows: searchRows) { file in
                try output.write(file)
                siteFiles.add()
            }
        } catch {
            siteFailure = Self.message(error)
        }
        let siteSeconds = Double(DispatchTime.now().uptimeNanoseconds - siteStart) / 1e9
        group.wait()
        if let failure = siteFailure ?? asyncAPI.failure { throw BuildProblem(failure) }
        var generated = GeneratedOutput(documentPaths: documents ? paths : [], siteFileCount: siteFiles.count, asyncAPISeconds: asyncAPI.seconds, siteSeconds: siteSeconds,
                                        documentReaches: asyncAPI.streamed?.reaches ?? [], catalogEntries: asyncAPI.streamed?.catalogEntries)
        generated.searchRows = rows
        return generated
    }

    /// What one run of every stage gave.
    public enum Outcome: Sendable {
        /// Generated into the output; the check's warnings.
        case built(GeneratedOutput, warnings: [Diagnostic])
        /// Nothing (or not everything) was generated: the check's findings, or one `HERALD_COULD_NOT_RUN` error.
        case failed([Diagnostic])
    }

    /// Loads, checks and generates into `output`.
    public func run(into output: some BuildOutput) -> Outcome {
        let checked: CheckedCatalog
        do {
            checked = check(try load())
        } catch {
            return .failed([error.diagnostic])
        }
        guard let publishable = checked.publishable else { return .failed(checked.result.diagnostics) }
        do {
            return .built(try generate(publishable, into: output), warnings: checked.result.diagnostics)
        } catch {
            return .failed([BuildProblem("cannot generate the site: \(error.message)").diagnostic])
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? OutputDirectory.WriteError)?.message ?? "\(error)"
    }

    /// Links from the site to the AsyncAPI documents: the catalog's on every event, a service's on the events it
    /// produces or consumes.
    public static func links(_ files: [String], _ catalog: ResolvedCatalog) -> [AsyncAPIDocumentLink] {
        var links: [AsyncAPIDocumentLink] = []
        let paths = Set(files)
        for format in ["yaml", "json"] where paths.contains("asyncapi/catalog.\(format)") {
            links.append(AsyncAPIDocumentLink(path: "asyncapi/catalog.\(format)", title: "Whole catalog (\(format.uppercased()))"))
        }
        var related: [String: [String]] = [:]
        for event in catalog.events {
            let manifest = event.manifest
            let services = Set((manifest?.producers ?? []).map(\.value) + (manifest?.consumers ?? []).map(\.value))
            for id in services { related[id, default: []].append(event.name) }
        }
        for id in catalog.services.keys.sorted() where paths.contains("asyncapi/\(id).yaml") {
            links.append(AsyncAPIDocumentLink(
                path: "asyncapi/\(id).yaml", title: "\(catalog.services[id]?.name?.value ?? id) (YAML)", events: related[id] ?? []))
        }
        return links
    }
}

/// A side of stage 3 running on its own thread: its first failure, its wall time, the files it made.
final class Branch: @unchecked Sendable {
    private let lock = NSLock()
    private var failureText: String?
    private var wallSeconds = 0.0
    private var files = 0
    private var documents: AsyncAPIGenerator.StreamedDocuments?

    func fail(_ message: String) { lock.withLock { if failureText == nil { failureText = message } } }
    func finish(seconds: Double) { lock.withLock { wallSeconds = seconds } }
    func add() { lock.withLock { files += 1 } }

    var failure: String? { lock.withLock { failureText } }
    var seconds: Double { lock.withLock { wallSeconds } }
    var count: Int { lock.withLock { files } }
    /// What the AsyncAPI stream wrote, once it has.
    var streamed: AsyncAPIGenerator.StreamedDocuments? {
        get { lock.withLock { documents } }
        set { lock.withLock { documents = newValue } }
    }
}
