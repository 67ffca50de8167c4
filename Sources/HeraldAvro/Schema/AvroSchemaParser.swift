import HeraldDiagnostics

/// What parsing one schema produced: the schema when it is valid, and every diagnostic found.
public struct AvroParseResult: Sendable {
    /// The schema; nil when any diagnostic is an error.
    public var schema: AvroSchema?
    /// Errors and warnings, in the order found.
    public var diagnostics: [Diagnostic]

    /// A result from its parts.
    public init(schema: AvroSchema?, diagnostics: [Diagnostic]) {
        self.schema = schema
        self.diagnostics = diagnostics
    }
}

/// Parses Avro 1.12 schemas (`.avsc` JSON) into self-contained `AvroSchema` arenas, with positions and diagnostics.
public struct AvroSchemaParser: Sendable {
    /// Parser settings.
    public struct Options: Sendable, Hashable {
        /// Limits of the JSON layer.
        public var json: JSONParser.Options
        /// Checks field defaults against their types (as Java does when it parses a new schema).
        public var validateDefaults: Bool

        /// Defaults: JSON depth 512, defaults validated.
        public init(json: JSONParser.Options = .init(), validateDefaults: Bool = true) {
            self.json = json
            self.validateDefaults = validateDefaults
        }
    }

    /// The settings in use.
    public var options: Options

    /// A parser with these settings.
    public init(options: Options = .init()) { self.options = options }

    /// Parses a schema text. `file` is used in locations; `knownTypes` resolves references to types defined elsewhere.
    public func parse(_ text: String, file: String?, knownTypes: NamedTypeSet = NamedTypeSet()) -> AvroParseResult {
        var text = text
        return text.withUTF8 { bytes in
            // The tape points into `bytes`, so it is built and read within this closure.
            let tape: JSONTape
            do throws(JSONSyntaxError) {
                tape = try JSONTape.scan(bytes, options: options.json)
            } catch {
                return AvroParseResult(schema: nil, diagnostics: [Self.syntaxDiagnostic(error, file: file)])
            }
            return build(tape, file: file, knownTypes: knownTypes)
        }
    }

    /// Parses an already parsed JSON document.
    public func parse(_ node: JSONNode, file: String?, knownTypes: NamedTypeSet = NamedTypeSet()) -> AvroParseResult {
        build(JSONTape(node), file: file, knownTypes: knownTypes)
    }

    private func build(_ tape: JSONTape, file: String?, knownTypes: NamedTypeSet) -> AvroParseResult {
        var builder = AvroSchemaBuilder(tape: tape, file: file, knownTypes: knownTypes, validateDefaults: options.validateDefaults)
        return builder.build()
    }

    public static func syntaxDiagnostic(_ error: JSONSyntaxError, file: String?) -> Diagnostic {
        Diagnostic(
            AvroSchemaRules.jsonSyntax, message: error.message,
            location: SourceLocation(file: file, line: error.position.line, column: error.position.column))
    }
}
