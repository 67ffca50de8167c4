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

/// Loads schema files for the `herald avro` commands: reads the file (or stdin for `-`), parses the `--types`
/// folder's `.avsc` files as a set, and prints diagnostics as `file:line:col: severity: message [RULE]`.
/// Unusable input exits with status 2.
enum SchemaLoading {
    /// Reads and parses `path` against the types in `typesDirectory`; prints warnings, and on errors prints them and exits 2.
    static func load(_ path: String, types typesDirectory: String?) throws -> LoadedSchema {
        var printed: [Diagnostic] = []
        var known = NamedTypeSet()
        if let typesDirectory {
            let files = try readTypes(typesDirectory)
            let set = AvroSchemaParser().parseSet(files: files)
            printed += set.diagnostics
            if set.diagnostics.hasErrors { try fail(printed) }
            known = set.namedTypes
        }
        let label = path == "-" ? "<stdin>" : path
        let text = try readText(path)
        let result = AvroSchemaParser().parse(text, file: label, knownTypes: known)
        printed += result.diagnostics
        guard let schema = result.schema else { try fail(printed) }
        printDiagnostics(printed)
        return LoadedSchema(schema: schema, warnings: printed)
    }

    /// The text of a file, or of standard input for `-`; a read failure exits 2.
    static func readText(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: path) else {
                try fail(message: "\(path): error: cannot read the file")
            }
            data = read
        }
        guard let text = String(data: data, encoding: .utf8) else {
            try fail(message: "\(path == "-" ? "<stdin>" : path): error: the file is not UTF-8 text")
        }
        return text
    }

    /// Every `.avsc` file under a folder, sorted by path, with paths as `DIR/relative`.
    static func readTypes(_ directory: String) throws -> [(path: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            try fail(message: "\(directory): error: --types needs a folder of .avsc files")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let relatives = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".avsc") }.sorted()
        return try relatives.map { relative in
            let path = base + "/" + relative
            return (path, try readText(path))
        }
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
