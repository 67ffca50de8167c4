import ArgumentParser
import HeraldAvro

/// `herald avro canonical FILE`: prints the schema's Parsing Canonical Form.
struct AvroCanonicalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print a schema's Parsing Canonical Form (as Java's SchemaNormalization writes it).")

    @Argument(help: "The schema file (.avsc), or - for standard input.")
    var file: String

    @Option(help: "A folder of .avsc files defining shared named types the schema may reference.")
    var types: String?

    func run() throws {
        let loaded = try SchemaLoading.load(file, types: types)
        print(loaded.schema.canonicalForm)
    }
}
