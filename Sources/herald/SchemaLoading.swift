import ArgumentParser
import Foundation
import HeraldAvro
import HeraldDiagnostics

/// A schema file read for an `herald avro` command, with the shared named types of a `--types` folder resolved.
struct LoadedSchema {
    var schema: AvroSchema
    /// Warnings found while loading (already printed).
    var warnings: [Diagnostic]
}

/// Loads one schema file for the `herald avro` commands through `SchemaFileLoader` and prints its diagnostics as
/// `file:line:col: severity: message [RULE]`. Unusable input exits with status 2.
enum SchemaLoading {
    /// Reads and parses `path` (`-` is standard input) against the types in `typesDirectory`; prints warnings, and
    /// on errors prints them and exits 2.
    static func load(_ path: String, types typesDirectory: String?) throws -> LoadedSchema {
        let loaded = SchemaFileLoader().load(files: [path], typesDirectory: typesDirectory)
        guard let schema = loaded.schemas?.first else { try fail(loaded.diagnostics) }
        printDiagnostics(loaded.diagnostics)
        return LoadedSchema(schema: schema, warnings: loaded.diagnostics)
    }

    /// `file:line:col: severity: message [RULE]`, one per line, to standard error.
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let text = diagnostics.sortedForOutput().map(format).joined(separator: "\n") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One diagnostic as a compiler-style line.
    static func format(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location?.description ?? "<input>"
        return "\(location): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.rule)]"
    }

    /// Prints the diagnostics and exits 2.
    static func fail(_ diagnostics: [Diagnostic]) throws -> Never {
        printDiagnostics(diagnostics)
        throw ExitCode(2)
    }

    /// Prints a message and exits 2.
    static func fail(message: String) throws -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode(2)
    }
}
