import ArgumentParser
import Foundation
import HeraldCatalog

/// `herald rules`: the rule catalog, from the same descriptor lists the checks use.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule: stable ID, category, default severity and purpose.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(name: .long, help: "Output format: text, json or markdown.")
    var format: Format = .text

    func run() throws {
        let rules = RuleCatalog.all
        let output = switch format {
        case .text: RuleCatalog.text(rules)
        case .json: RuleCatalog.json(rules)
        case .markdown: RuleCatalog.markdown(rules)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
