import ArgumentParser
import Foundation

/// The `herald` command line: each subcommand calls one library function.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Turns a folder of Avro event schemas and ownership YAML into checks, AsyncAPI documents, a catalog site and a local broker.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, RulesCommand.self, AvroCommand.self]
    )

    /// Runs the command; bad arguments exit 2 (Herald could not run), as every command's contract says.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// `herald avro …`: avro-tools-style utilities.
struct AvroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro utilities: canonical form, fingerprint, validate, encode, decode, compat.",
        subcommands: []
    )
}
