import HeraldAvro
import HeraldDiagnostics

/// The shared named types of types/*.avsc, ready to resolve references from event schemas.
public struct SharedTypes: Sendable {
    /// Every shared named type by full name.
    public var set: NamedTypeSet
    /// The full names each type file defines, by display path.
    public var namesByFile: [String: [String]]

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
        while !pending.isEmpty {
            var next: [SourceText] = []
            var progressed = false
            for file in pending {
                let result = AvroSchemaParser().parse(file.text, file: file.file, knownTypes: set)
                if let schema = result.schema {
                    diagnostics += result.diagnostics
                    diagnostics += set.add(schema)
                    namesByFile[file.file] = schema.namedTypes.keys.sorted()
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
        return (SharedTypes(set: set, namesByFile: namesByFile), diagnostics)
    }
}
