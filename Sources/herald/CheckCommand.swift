import ArgumentParser
import Foundation
import HeraldCatalog
import HeraldDiagnostics

/// `herald check`: the pre-commit and CI gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the catalog: YAML, schemas, examples, ownership, compatibility and, with --against, history.",
        discussion: "Exit status: 0 clean, 1 findings, 2 Herald could not run.")

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "A git revision or a directory holding the base catalog to compare with.")
    var against: String?

    @Option(name: .long, help: "Output format: text, json, github, junit or markdown (a CI job summary).")
    var format: ReportFormatArgument = .text

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .long, help: "Colour text output: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let result: CheckResult
        do {
            let source = try DirectoryCatalogSource(path: catalog)
            let baseSource = try against.map { try BaseCatalogSource.resolve($0, catalog: source) }
            // Loaded inline so the checker owns the bytes and can release them once parsed.
            result = try CatalogChecker(strict: strict).check(source.load(), against: baseSource?.load())
        } catch let error as CatalogSourceError {
            FileHandle.standardError.write(Data("herald: error: \(error.description)\n".utf8))
            // Machine formats still get a well-formed document, so a CI parser sees why there are no findings.
            if let document = CouldNotRunReport(reason: error.description).render(format.format) {
                FileHandle.standardOutput.write(Data(document.utf8))
            }
            throw ExitCode(2)
        }
        let output = format.format.render(result.report, colour: format.format == .text && color.enabled(for: .standardOutput))
        FileHandle.standardOutput.write(Data(output.utf8))
        if !result.ok { throw ExitCode(1) }
    }
}

/// The document machine formats print when Herald could not run (exit 2): one `HERALD_COULD_NOT_RUN` error.
struct CouldNotRunReport {
    /// Why Herald could not run.
    var reason: String

    /// The document for `format`; nil for text, whose message goes to standard error only.
    func render(_ format: ReportFormat) -> String? {
        let diagnostic = Diagnostic(CatalogRules.couldNotRun, message: reason)
        switch format {
        case .text: return nil
        case .json, .github, .markdown: return format.render(DiagnosticReport(diagnostics: [diagnostic]))
        case .junit: return JUnitReportRenderer().renderCouldNotRun(diagnostic)
        }
    }
}

/// `--format` values.
enum ReportFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, junit, markdown
    var format: ReportFormat { ReportFormat(rawValue: rawValue) ?? .text }
}

/// `--color` values.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour output written to `handle`: `auto` colours a terminal unless NO_COLOR is set or TERM is dumb.
    func enabled(for handle: FileHandle) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
            return isatty(handle.fileDescriptor) != 0
        }
    }
}
