import ArgumentParser
import HeraldAvro

extension FingerprintAlgorithm: ExpressibleByArgument {}

/// `herald avro fingerprint FILE`: prints a fingerprint of the schema's canonical form.
struct AvroFingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Print the fingerprint of a schema's Parsing Canonical Form.",
        discussion: """
            hex prints the fingerprint bytes: for rabin the 8 little-endian bytes of CRC-64-AVRO, as single-object \
            encoding carries them. decimal (rabin only) prints the value as a signed 64-bit integer, as Java and \
            schema-tests.txt do.
            """)

    /// How to print the fingerprint.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case hex
        case decimal
    }

    @Argument(help: "The schema file (.avsc), or - for standard input.")
    var file: String

    @Option(help: "rabin (CRC-64-AVRO), md5 or sha256.")
    var algorithm: FingerprintAlgorithm = .rabin

    @Option(help: "hex or decimal (decimal only for rabin).")
    var format: Format = .hex

    @Option(help: "A folder of .avsc files defining shared named types the schema may reference.")
    var types: String?

    func run() throws {
        if format == .decimal && algorithm != .rabin {
            try SchemaLoading.fail(message: "error: --format decimal is only defined for --algorithm rabin")
        }
        let schema = try SchemaLoading.load(file, types: types).schema
        switch format {
        case .hex:
            print(schema.fingerprint(algorithm).map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined())
        case .decimal:
            print(Int64(bitPattern: schema.rabinFingerprint))
        }
    }
}
