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
            guard !catalog.isEmpty else {
                throw CatalogSourceError("--catalog is empty; name the catalog folder (the default is 'schemas')")
            }
            let directory = URL(fileURLWithPath: catalog)
            let displayRoot = DisplayPath.relative(catalog)
            let source = DirectoryCatalogSource(directory: directory, displayRoot: displayRoot)
            var baseSource: (any CatalogSource)?
            if let against {
                guard !against.isEmpty else { throw CatalogSourceError("--against is empty; name a git revision (e.g. main) or a base catalog folder") }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: against, isDirectory: &isDirectory) {
                    guard isDirectory.boolValue else {
                        throw CatalogSourceError("--against '\(against)' is a file; pass a git revision or the folder holding the base catalog")
                    }
                    baseSource = DirectoryCatalogSource(directory: URL(fileURLWithPath: against), displayRoot: DisplayPath.relative(against))
                } else if ["/", "./", "../", "~"].contains(where: { against.hasPrefix($0) }) || against.hasSuffix("/") {
                    throw CatalogSourceError("--against folder '\(against)' does not exist; check the path, or name a git revision (e.g. main)")
                } else {
                    baseSource = GitCatalogSource(directory: directory, revision: against, displayRoot: displayRoot)
                }
            }
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

/// Paths as diagnostics print them: relative to the current directory when possible, always without `.` parts.
enum DisplayPath {
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute == cwd { return "." }
        if absolute.hasPrefix(cwd.hasSuffix("/") ? cwd : cwd + "/") {
            return String(absolute.dropFirst(cwd.hasSuffix("/") ? cwd.count : cwd.count + 1))
        }
        return normalised(path)
    }

    /// `../schemas/./` → `../schemas`, `a/b/../c` → `a/c`: lexically, keeping leading `..` parts.
    static func normalised(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", isAbsolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
