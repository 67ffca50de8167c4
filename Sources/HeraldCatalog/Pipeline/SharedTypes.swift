import HeraldAvro
import HeraldDiagnostics

/// The shared named types of types/*.avsc, ready to resolve references from event schemas.
public struct SharedTypes: Sendable {
    /// Every shared named type by full name.
    public var set: NamedTypeSet
    /// The full names each type file defines, by display path.
    public var namesByFile: [String: [String]]
    /// The type files that parsed, in the order they resolved (a file after those it references), with their text:
    /// a registry takes each as a subject of its own that event schemas reference.
    public var files: [SharedTypeFile] = []

    /// Parses one schema file against the shared types.
    public func parseSchema(_ source: SourceText) -> (AvroSchema?, [Diagnostic]) {
        let result = AvroSchemaParser().parse(source.text, file: source.file, knownTypes: set)
        return (result.schema, result.diagnostics)
    }
}

/// Builds `SharedTypes` from the type files, which may reference each other in any file order.
enum SharedTypeResolver {
    /// Parses files in rounds: a file whose only problems are references to types not yet known is retried once the
    /// others are in, until a round makes no progress. Files left over are reported (unknown type, or a cycle).
    static func resolve(_ files: [SourceText]) -> (SharedTypes, [Diagnostic]) {
        var set = NamedTypeSet()
        var namesByFile: [String: [String]] = [:]
        var diagnostics: [Diagnostic] = []
        var pending = files
        var lastFailures: [String: [Diagnostic]] = [:]
        var resolved: [SharedTypeFile] = []
        while !pending.isEmpty {
            var next: [SourceText] = []
            var progressed = false
            for file in pending {
                let result = AvroSchemaParser().parse(file.text, file: file.file, knownTypes: set)
                if let schema = result.schema {
                    diagnostics += result.diagnostics
                    diagnostics += set.add(schema)
                    namesByFile[file.file] = schema.namedTypes.keys.sorted()
                    resolved.append(SharedTypeFile(source: file, schema: schema))
                    progressed = true
                } else if result.diagnostics.allSatisfy({ $0.rule == AvroSchemaRules.unknownType.id || $0.severity != .error }) {
                    next.append(file)
                    lastFailures[file.file] = result.diagnostics
                } else {
                    diagnostics += result.diagnostics
                }
            }
            if !progressed {
                // What is left references types nobody defines (or files that only reference each other).
                for file in next { diagnostics += lastFailures[file.file] ?? [] }
                break
            }
            pending = next
        }
        return (SharedTypes(set: set, namesByFile: namesByFile, files: resolved), diagnostics)
    }
}

/// One types/*.avsc file that parsed: its text and its schema (named types from other files imported into it).
public struct SharedTypeFile: Sendable {
    public var source: SourceText
    public var schema: AvroSchema

    /// The full name of the file's top-level type; nil when the file's schema is not a named type.
    public var rootName: String? { schema.rootNode.type.name?.fullName }

    /// The full names this file itself defines (imported ones have their source in another file).
    public var definedNames: [String] {
        schema.namedTypes.filter { _, id in
            schema.nodes[id].source.map { $0.location.file == source.file } ?? true
        }.keys.sorted()
    }
}
