import ArgumentParser
import Foundation
import HeraldCatalog

/// `herald diff`: what a pull request changes in the schemas, with verdicts; it reports, `check` gates.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the semantic schema changes against a base (fields, types, defaults, docs, enum symbols, union branches), each with its compatibility verdict.",
        discussion: "Exit status: 0 whatever the diff, 2 Herald could not run. Use `herald check --against` to gate.")

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "A git revision or a directory holding the base catalog to compare with.")
    var against: String

    @Option(name: .long, help: "Only this event.")
    var event: String?

    @Option(name: .long, help: "Output format: text, markdown or json.")
    var format: DiffFormatArgument = .text

    func run() throws {
        let diff: CatalogDiff
        do {
            let source = try DirectoryCatalogSource(path: catalog)
            let base = try BaseCatalogSource.resolve(against, catalog: source)
            diff = CatalogDiff.compare(try source.load(), against: try base.load(), baseName: against, event: event)
            if let unknown = diff.unknownEvent {
                throw CatalogSourceError("no event '\(unknown)' in the catalog or in \(against); check the name")
            }
        } catch let error as CatalogSourceError {
            FileHandle.standardError.write(Data("herald: error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        FileHandle.standardOutput.write(Data(diff.render(format.format).utf8))
    }
}

/// `--format` values of `herald diff`.
enum DiffFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
    var format: CatalogDiffFormat { CatalogDiffFormat(rawValue: rawValue) ?? .text }
}
