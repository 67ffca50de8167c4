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

    @Option(name: .long, help: "Output format: text, json, github or junit.")
    var format: ReportFormatArgument = .text

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .long, help: "Colour text output: auto, always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        let directory = URL(fileURLWithPath: catalog)
        let displayRoot = DisplayPath.relative(catalog)
        let files: CatalogFiles
        var base: CatalogFiles?
        do {
            files = try DirectoryCatalogSource(directory: directory, displayRoot: displayRoot).load()
            if let against {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: against, isDirectory: &isDirectory), isDirectory.boolValue {
                    base = try DirectoryCatalogSource(directory: URL(fileURLWithPath: against), displayRoot: DisplayPath.relative(against)).load()
                } else {
                    base = try GitCatalogSource(directory: directory, revision: against, displayRoot: displayRoot).load()
                }
            }
        } catch let error as CatalogSourceError {
            FileHandle.standardError.write(Data("herald: error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let result = CatalogChecker(strict: strict).check(files, against: base)
        let output = format.format.render(result.report, colour: format.format == .text && color.enabled(for: .standardOutput))
        FileHandle.standardOutput.write(Data(output.utf8))
        if !result.ok { throw ExitCode(1) }
    }
}

/// `--format` values.
enum ReportFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, junit
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

/// Paths as diagnostics print them: relative to the current directory when possible.
enum DisplayPath {
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute == cwd { return "." }
        if absolute.hasPrefix(cwd.hasSuffix("/") ? cwd : cwd + "/") {
            return String(absolute.dropFirst(cwd.hasSuffix("/") ? cwd.count : cwd.count + 1))
        }
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
