import Foundation
import Testing

/// The README documents what the binary does; these keep the two in step.
@Suite struct ReadmeTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func ruleTableMatchesHeraldRules() throws {
        let markdown = try HeraldBinary.run(["rules", "--format", "markdown"])
        #expect(markdown.status == 0)
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("<!-- rules:begin -->\n" + markdown.stdout), "run scripts/update-rule-tables.sh")
    }

    @Test func everyCommandHasAnExample() throws {
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let help = try HeraldBinary.run(["--help"])
        // The subcommand list runs from "SUBCOMMANDS:" to the first blank line.
        let section = help.stdout.components(separatedBy: "SUBCOMMANDS:").last?.components(separatedBy: "\n\n").first
        let commands = section?
            .split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard line.hasPrefix("  "), !line.hasPrefix("    "), let first = words.first else { return nil }
                return String(first)
            } ?? []
        #expect(commands.count >= 5)
        for command in commands where command != "help" {
            #expect(readme.contains("herald \(command)"), "README has no example of herald \(command)")
        }
    }
}
