import ArgumentParser
import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// `herald build`: checks the catalog, then writes the static site.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the catalog, then write the static HTML catalog site.",
        discussion: "Refuses to publish a catalog with errors. Exit status: 0 written, 1 findings, 2 Herald could not run.")

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "The output directory (replaced as a whole).")
    var out: String = "site"

    @Option(name: .long, help: "The URL the site is published at; enables sitemap.xml. Links stay relative.")
    var baseURL: String?

    @Option(name: .long, help: "A templates directory to use instead of Herald's own (copy templates/ to start).")
    var templates: String?

    func run() throws {
        let displayRoot = DisplayPath.relative(catalog)
        let files: CatalogFiles
        let siteTemplates: SiteTemplates
        do {
            files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: catalog), displayRoot: displayRoot).load()
            siteTemplates = try SiteTemplates.load(from: try TemplateLocation.resolve(templates))
        } catch let error as CatalogSourceError {
            Self.fail(error.description)
        } catch {
            Self.fail("\(error)")
        }
        let result = CatalogChecker().check(files)
        if !result.ok {
            FileHandle.standardError.write(Data(ReportFormat.text.render(result.report, colour: false).utf8))
            FileHandle.standardError.write(Data("herald: the catalog has errors; nothing was written\n".utf8))
            throw ExitCode(1)
        }
        let resolved = CatalogResolver().resolve(CatalogParser().parse(files))
        let site: [EmittedFile]
        do {
            let asyncAPI = AsyncAPIGenerator().documents(for: resolved)
            let options = SiteOptions(templates: siteTemplates, baseURL: baseURL, asyncAPIDocuments: Self.links(asyncAPI, resolved))
            site = try SiteGenerator(options: options).render(resolved) + asyncAPI
            try OutputDirectory(path: out).replace(with: site.sorted { $0.path < $1.path })
        } catch {
            Self.fail("\(error)")
        }
        var note = "herald: wrote \(site.count) files to \(out)"
        if baseURL == nil { note += " (no sitemap.xml: pass --base-url to write one)" }
        FileHandle.standardError.write(Data((note + "\n").utf8))
    }

    /// Links from the site to the AsyncAPI documents: the catalog's on every event, a service's on the events it
    /// produces or consumes.
    static func links(_ files: [EmittedFile], _ catalog: ResolvedCatalog) -> [AsyncAPIDocumentLink] {
        var links: [AsyncAPIDocumentLink] = []
        let stems = Set(files.map(\.path))
        for format in ["yaml", "json"] where stems.contains("asyncapi/catalog.\(format)") {
            links.append(AsyncAPIDocumentLink(path: "asyncapi/catalog.\(format)", title: "Whole catalog (\(format.uppercased()))"))
        }
        for id in catalog.services.keys.sorted() where stems.contains("asyncapi/\(id).yaml") {
            let events = catalog.events.filter { event in
                let manifest = event.manifest
                return (manifest?.producers ?? []).contains { $0.value == id } || (manifest?.consumers ?? []).contains { $0.value == id }
            }.map(\.name)
            links.append(AsyncAPIDocumentLink(path: "asyncapi/\(id).yaml", title: "\(catalog.services[id]?.name?.value ?? id) (YAML)", events: events))
        }
        return links
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("herald: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// Where the site templates come from: `--templates`, else `templates/` in the current directory, else the
/// `templates/` folder of the Herald checkout the binary was built in.
enum TemplateLocation {
    static func resolve(_ option: String?) throws -> URL {
        let fileManager = FileManager.default
        if let option { return URL(fileURLWithPath: option) }
        var candidates = [URL(fileURLWithPath: "templates")]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("templates"))
            directory = directory.deletingLastPathComponent()
        }
        for candidate in candidates where fileManager.fileExists(atPath: candidate.appendingPathComponent("layout.mustache").path) {
            return candidate
        }
        throw SiteError("no templates directory found; pass --templates DIR")
    }
}

/// An output directory replaced as a whole: files are written beside it, then swapped in with renames.
struct OutputDirectory {
    var path: String

    func replace(with files: [EmittedFile]) throws {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        try? fileManager.removeItem(at: staging)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        var created: Set<String> = []
        for file in files {
            let url = staging.appendingPathComponent(file.path)
            let folder = url.deletingLastPathComponent().path
            if created.insert(folder).inserted {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try file.bytes.write(to: url)
        }
        if fileManager.fileExists(atPath: target.path) {
            try fileManager.moveItem(at: target, to: retired)
            try fileManager.moveItem(at: staging, to: target)
            try? fileManager.removeItem(at: retired)
        } else {
            try fileManager.moveItem(at: staging, to: target)
        }
    }
}
