import ArgumentParser
import Foundation
import HeraldAvro
import HeraldDiagnostics

/// Options shared by the datum commands: the schema, shared types, and the JSON reading.
struct DatumSchemaOptions: ParsableArguments {
    @Option(help: "The schema file (.avsc).")
    var schema: String

    @Option(help: "A folder of shared named types (*.avsc) the schema may reference by full name.")
    var types: String?

    @Option(help: "JSON reading: plain (unions bare, the first branch that fits) or avro-json (tagged unions).")
    var encoding: String = "plain"

    func jsonEncoding() throws -> AvroJSONEncoding {
        guard let value = AvroJSONEncoding(rawValue: encoding.lowercased()) else {
            throw DatumCommandIO.usage("unknown encoding '\(encoding)'; expected plain or avro-json")
        }
        return value
    }

    /// The parsed schema (the shared `SchemaLoading`), or exit 2 after printing why it cannot be used.
    func load(_ file: String? = nil) throws -> AvroSchema {
        try SchemaLoading.load(file ?? schema, types: types).schema
    }
}

/// Reading inputs (`-` is standard input) and reporting usage errors for the datum commands.
enum DatumCommandIO {
    /// The bytes of an input (see `InputFile`); a read failure prints `PATH: error: …` and exits 2.
    static func read(_ path: String) throws -> Data {
        switch InputFile.data(path) {
        case .success(let data): return data
        case .failure(let failure):
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    /// The name diagnostics use for an input: nil (standard input) for `-`.
    static func displayName(_ path: String) -> String? { path == "-" ? nil : path }

    static func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    /// Prints `INPUT: error: MESSAGE`, naming the input the problem is in, and returns `status`.
    static func fail(_ message: String, input: String, status: Int32 = 1) -> ExitCode {
        FileHandle.standardError.write(Data("\(InputFile.label(input)): error: \(message)\n".utf8))
        return ExitCode(status)
    }

    /// Parses a JSON document; a syntax error becomes a diagnostic.
    static func parseJSON(_ data: Data, file: String?) -> Result<JSONNode, DiagnosticBox> {
        do throws(JSONSyntaxError) {
            return .success(try JSONParser().parse(Array(data)))
        } catch {
            return .failure(DiagnosticBox(diagnostic: AvroSchemaParser.syntaxDiagnostic(error, file: file)))
        }
    }

    struct DiagnosticBox: Error { var diagnostic: Diagnostic }
}

/// `herald avro validate --schema S.avsc FILE…`: checks JSON datums against a schema, reporting every problem.
struct AvroValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validates JSON datums against a schema (exit 0 all valid, 1 otherwise, 2 unusable input).")

    @OptionGroup var options: DatumSchemaOptions

    @Option(help: "Output format: text, json, github, junit or markdown.")
    var format: String = "text"

    @Argument(help: "JSON files to validate; - reads standard input.")
    var files: [String]

    func run() throws {
        guard let format = ReportFormat(rawValue: format.lowercased()) else {
            throw DatumCommandIO.usage("unknown format '\(self.format)'; expected text, json, github, junit or markdown")
        }
        guard !files.isEmpty else { throw DatumCommandIO.usage("give at least one JSON file") }
        try InputFile.requireStandardInputOnce([options.schema] + files)
        let encoding = try options.jsonEncoding()
        let validator = AvroValidator(schema: try options.load(), encoding: encoding)
        var diagnostics: [Diagnostic] = []
        for file in files {
            let name = DatumCommandIO.displayName(file)
            switch DatumCommandIO.parseJSON(try DatumCommandIO.read(file), file: name) {
            case .failure(let box): diagnostics.append(box.diagnostic)
            case .success(let json): diagnostics += validator.validate(json).map { $0.diagnostic(file: name) }
            }
        }
        let report = DiagnosticReport(diagnostics: diagnostics.sortedForOutput(), examples: files.count)
        FileHandle.standardOutput.write(Data(format.render(report).utf8))
        if !report.ok { throw ExitCode(1) }
    }
}

/// `herald avro encode --schema S.avsc FILE.json`: writes the Avro binary encoding of a JSON datum.
struct AvroEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encodes a JSON datum as Avro binary on standard output (exit 1 when the datum does not fit the schema).")

    @OptionGroup var options: DatumSchemaOptions

    @Flag(help: "Write lower-case hex text instead of raw bytes.")
    var hex = false

    @Option(help: "Prefix the Confluent wire-format header with this schema registry ID.")
    var confluentId: UInt32?

    @Flag(help: "Frame as Avro single-object encoding (C3 01 and the schema's Rabin fingerprint).")
    var singleObject = false

    @Argument(help: "The JSON datum; - reads standard input.")
    var file: String

    func run() throws {
        if confluentId != nil && singleObject { throw DatumCommandIO.usage("--confluent-id and --single-object exclude each other") }
        try InputFile.requireStandardInputOnce([options.schema, file])
        let encoding = try options.jsonEncoding()
        let schema = try options.load()
        let name = DatumCommandIO.displayName(file)
        let json: JSONNode
        switch DatumCommandIO.parseJSON(try DatumCommandIO.read(file), file: name) {
        case .failure(let box):
            FileHandle.standardError.write(Data(TextReportRenderer().render(DiagnosticReport(diagnostics: [box.diagnostic])).utf8))
            throw ExitCode(1)
        case .success(let node): json = node
        }
        let value: AvroValue
        do {
            value = try AvroJSONReader(schema: schema, encoding: encoding).read(json)
        } catch {
            let diagnostics = error.problems.map { $0.diagnostic(file: name) }
            FileHandle.standardError.write(Data(TextReportRenderer().render(DiagnosticReport(diagnostics: diagnostics)).utf8))
            throw ExitCode(1)
        }
        var bytes = try AvroBinaryEncoder(schema: schema).encode(value)
        if let confluentId { bytes = ConfluentFrame.encode(schemaID: confluentId, body: bytes) }
        if singleObject { bytes = SingleObjectFrame.encode(schema: schema, body: bytes) }
        if hex {
            let text = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

/// `herald avro decode --schema WRITER.avsc [--reader READER.avsc] FILE`: prints a binary datum as JSON.
struct AvroDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decodes one Avro binary datum to JSON, resolving it to a reader's schema when given (exit 1 on bad data).")

    @OptionGroup var options: DatumSchemaOptions

    @Option(help: "The reader's schema: decode with schema resolution from the writer's (--schema) to this one.")
    var reader: String?

    @Flag(help: "The input starts with the Confluent wire-format header (magic 0, 4-byte schema ID), which is checked and stripped.")
    var confluent = false

    @Flag(help: "The input is Avro single-object encoded; the fingerprint must match the writer's schema.")
    var singleObject = false

    @Flag(help: "The input is hex text (whitespace ignored) instead of raw bytes.")
    var hex = false

    @Flag(help: "Indent the JSON output.")
    var pretty = false

    @Argument(help: "The binary datum; - (the default) reads standard input.")
    var file: String = "-"

    func run() throws {
        if confluent && singleObject { throw DatumCommandIO.usage("--confluent and --single-object exclude each other") }
        try InputFile.requireStandardInputOnce([options.schema, reader, file])
        let encoding = try options.jsonEncoding()
        let writer = try options.load()
        let readerSchema = try reader.map { try options.load($0) }
        var bytes = Array(try DatumCommandIO.read(file))
        if hex {
            switch Self.parseHex(bytes) {
            case .success(let decoded): bytes = decoded
            case .failure(let problem): throw DatumCommandIO.fail(problem.message, input: file, status: 2)
            }
        }
        var body = bytes[...]
        do throws(AvroFramingError) {
            if confluent { body = try ConfluentFrame.parse(bytes).body }
            if singleObject {
                let (fingerprint, rest) = try SingleObjectFrame.parse(bytes)
                guard fingerprint == writer.rabinFingerprint else {
                    throw AvroFramingError(
                        "the message's schema fingerprint \(Self.rabinHex(fingerprint)) is not the writer schema's \(Self.rabinHex(writer.rabinFingerprint)) "
                            + "(as herald avro fingerprint prints them); decode with the schema the message was written with")
                }
                body = rest
            }
        } catch {
            throw DatumCommandIO.fail(error.message, input: file)
        }
        let headerLength = body.startIndex
        var resolving: AvroResolvingDecoder?
        if let readerSchema {
            do { resolving = try AvroResolvingDecoder(writer: writer, reader: readerSchema) } catch {
                throw DatumCommandIO.fail("this reader's schema cannot read data written with \(options.schema): \(error)", input: reader ?? "-")
            }
        }
        let value: AvroValue
        do throws(AvroDecodingError) {
            if let resolving {
                value = try resolving.decode(body)
            } else {
                value = try AvroBinaryDecoder(schema: writer).decode(body)
            }
        } catch {
            var shifted = error
            shifted.offset += headerLength
            throw DatumCommandIO.fail(shifted.description, input: file)
        }
        let text = try AvroJSONWriter(schema: readerSchema ?? writer, encoding: encoding).text(value, style: pretty ? .pretty : .compact)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Why `--hex` input is not hex text.
    struct HexProblem: Error {
        var message: String
    }

    /// Hex digits to bytes, ignoring whitespace; a stray character is reported with its offset.
    /// A Rabin fingerprint as `herald avro fingerprint` prints it: its 8 little-endian bytes in hex.
    static func rabinHex(_ value: UInt64) -> String {
        (0..<8).map { index in
            let digits = String(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))), radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    static func parseHex(_ bytes: [UInt8]) -> Result<[UInt8], HexProblem> {
        var out: [UInt8] = []
        var high: UInt8?
        for (offset, byte) in bytes.enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default:
                let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
                return .failure(HexProblem(message: "the input is not hex text: \(shown) at offset \(offset) (--hex expects pairs of 0-9, a-f)"))
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return .failure(HexProblem(message: "the input is not hex text: an odd number of hex digits (--hex expects pairs)")) }
        return .success(out)
    }
}
