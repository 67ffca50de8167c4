import ArgumentParser

/// The `herald` command line: each subcommand calls one library function.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Turns a folder of Avro event schemas and ownership YAML into checks, AsyncAPI documents, a catalog site and a local broker.",
        version: "0.1.0",
        subcommands: [AvroCommand.self, BrokerCommand.self]
    )
}

/// `herald avro …`: avro-tools-style utilities.
struct AvroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro utilities: canonical form, fingerprint, validate, encode, decode, compat.",
        subcommands: []
    )
}
