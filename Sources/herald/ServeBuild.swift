import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// One build of the site `herald serve` shows: the pages and AsyncAPI documents `herald build` writes, kept in
/// memory, or the diagnostics that stop it.
struct ServeBuild: Sendable {
    /// What one build gave.
    enum Outcome: Sendable {
        /// Every file of the site by path, and the check's warnings.
        case built(files: [String: Data], warnings: [Diagnostic])
        /// Why nothing was built: the check's findings, or one `HERALD_COULD_NOT_RUN` error.
        case failed([Diagnostic])
    }

    var catalog: String
    var templates: String?
    var asyncAPIVersion: AsyncAPIVersion = .v3_0_0

    /// Loads, checks and generates; the templates are read afresh each time, so edits to them count too.
    func run() -> Outcome {
        let files: CatalogFiles
        let siteTemplates: SiteTemplates
        do {
            files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog)).load()
            siteTemplates = try TemplateLocation.load(templates)
        } catch let error as SiteTemplateError {
            return .failed(error.diagnostics)
        } catch {
            return .failed([Diagnostic(CatalogRules.couldNotRun, message: (error as? CatalogSourceError)?.description ?? "\(error)")])
        }
        let result = CatalogChecker(keepsCatalog: true).check(files)
        guard result.ok, let resolved = result.catalog else { return .failed(result.diagnostics) }
        let generator = AsyncAPIGenerator(options: .init(version: asyncAPIVersion))
        let paths = generator.documentPaths(for: resolved)
        let collected = CollectedFiles()
        do {
            try generator.stream(resolved) { path in collected.document(path) }
            let options = SiteOptions(templates: siteTemplates, asyncAPIDocuments: BuildCommand.links(paths, resolved))
            try SiteGenerator(options: options).emit(resolved) { file in collected.add(file.path, file.bytes) }
        } catch {
            return .failed([Diagnostic(CatalogRules.couldNotRun, message: "cannot generate the site: \(error)")])
        }
        return .built(files: collected.files, warnings: result.diagnostics)
    }
}

/// The files of one build, added by the generators' workers.
final class CollectedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String: Data] = [:]

    func add(_ path: String, _ bytes: Data) {
        lock.withLock { collected[path] = bytes }
    }

    var files: [String: Data] {
        lock.withLock { collected }
    }

    /// A document streamed by the AsyncAPI generator, stored when it closes.
    func document(_ path: String) -> any DocumentSink {
        MemoryDocument(path: path, into: self)
    }

    private final class MemoryDocument: DocumentSink, @unchecked Sendable {
        let path: String
        let files: CollectedFiles
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        init(path: String, into files: CollectedFiles) {
            self.path = path
            self.files = files
        }

        func write(_ bytes: [UInt8]) throws {
            lock.withLock { self.bytes += bytes }
        }

        func close() throws {
            files.add(path, lock.withLock { Data(bytes) })
        }
    }
}
