import ArgumentParser
import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics

/// `herald build`: checks the catalog, then publishes what the generators emit into the output folder.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the catalog and write the published output: AsyncAPI documents under <out>/asyncapi/.",
        discussion: "Refuses to publish a catalog with errors. Exit status: 0 built, 1 the catalog has errors, 2 Herald could not run.")

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "The output directory; replaced as a whole once everything is generated.")
    var out: String = "site"

    @Option(name: .customLong("base-url"), help: "The URL the output is published at (used for links in the site).")
    var baseURL: String?

    @Option(name: .customLong("asyncapi-version"), help: "AsyncAPI version of the documents: 3.0.0 or 2.6.0.")
    var asyncapiVersion: AsyncAPIVersionArgument = .v3

    @Option(name: .long, help: "Colour diagnostics: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        // Load.
        let files: CatalogFiles
        do {
            files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog)).load()
        } catch let error as CatalogSourceError {
            FileHandle.standardError.write(Data("herald: error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        // Check: the same gate as `herald check`.
        let result = CatalogChecker().check(files)
        if !result.diagnostics.isEmpty {
            let text = TextReportRenderer(colour: color.enabled(for: .standardError)).render(result.report)
            FileHandle.standardError.write(Data(text.utf8))
        }
        guard result.ok else {
            FileHandle.standardError.write(Data("herald: error: the catalog has errors; nothing was published\n".utf8))
            throw ExitCode(1)
        }
        // Emit: every generator returns its files; the writer publishes them together.
        let resolved = CatalogResolver().resolve(CatalogParser().parse(files))
        var emitted: [EmittedFile] = []
        emitted += AsyncAPIGenerator(options: .init(version: asyncapiVersion.version)).documents(for: resolved)
        // Write.
        do {
            try OutputDirectory(url: URL(fileURLWithPath: out)).replace(with: emitted)
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        FileHandle.standardOutput.write(Data("Wrote \(emitted.count) files to \(DisplayPath.relative(out))\n".utf8))
    }
}

/// `--asyncapi-version` values.
enum AsyncAPIVersionArgument: String, ExpressibleByArgument, CaseIterable {
    case v3 = "3.0.0"
    case v2 = "2.6.0"

    var version: AsyncAPIVersion { self == .v3 ? .v3_0_0 : .v2_6_0 }
}
