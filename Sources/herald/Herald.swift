import ArgumentParser
import Foundation

/// The `herald` command line: each subcommand calls one library function.
@main
struct Herald: AsyncParsableCommand {
    /// Runs the command, mapping every failure to the design note's exit codes:
    /// 0 clean, 1 findings (thrown by commands as `ExitCode(1)`), 2 Herald could not run (bad arguments included).
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
            if code == .success || code.rawValue == 1 {
                exit(withError: error)
            }
            // Help and version requests print and succeed; every other failure means Herald could not run.
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(2)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Turns a folder of Avro event schemas and ownership YAML into checks, AsyncAPI documents, a catalog site and a local broker.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, DiffCommand.self, BuildCommand.self, RulesCommand.self, AvroCommand.self, BrokerCommand.self,
            RegistryCommand.self, PublishExamplesCommand.self,
        ]
    )
}

/// `herald avro …`: avro-tools-style utilities.
struct AvroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro utilities: canonical form, fingerprint, validate, encode, decode, compat.",
        subcommands: [
            AvroCanonicalCommand.self, AvroFingerprintCommand.self, AvroValidateCommand.self,
            AvroEncodeCommand.self, AvroDecodeCommand.self, AvroCompatCommand.self,
        ]
    )
}
