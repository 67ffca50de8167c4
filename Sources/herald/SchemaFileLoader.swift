import Foundation
import HeraldAvro
import HeraldDiagnostics

/// Reads and parses schema files for the `herald avro` commands, with shared named types from a folder.
struct SchemaFileLoader {
    /// What loading produced: every schema when all parsed, and all diagnostics.
    struct Loaded {
        var schemas: [AvroSchema]?
        var diagnostics: [Diagnostic]
    }

    var parser = AvroSchemaParser()

    /// Parses `files` in order; any error (unreadable file, invalid schema, invalid shared type) leaves `schemas` nil.
    func load(files: [String], typesDirectory: String?) -> Loaded {
        var diagnostics: [Diagnostic] = []
        var known = NamedTypeSet()
        if let typesDirectory {
            let result = loadTypes(from: typesDirectory)
            known = result.types
            diagnostics += result.diagnostics
        }
        var schemas: [AvroSchema] = []
        for file in files {
            guard let text = Self.read(file, into: &diagnostics) else { continue }
            let result = parser.parse(text, file: file, knownTypes: known)
            diagnostics += result.diagnostics
            if let schema = result.schema { schemas.append(schema) }
        }
        let ok = schemas.count == files.count && !diagnostics.hasErrors
        return Loaded(schemas: ok ? schemas : nil, diagnostics: diagnostics)
    }

    /// The `.avsc` files under a folder (recursively, sorted), parsed as a set so they may reference each other.
    func loadTypes(from directory: String) -> (types: NamedTypeSet, diagnostics: [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return (NamedTypeSet(), [Self.unreadable(directory, "--types needs a folder of .avsc files")])
        }
        var diagnostics: [Diagnostic] = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let relatives = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".avsc") }.sorted()
        var files: [(path: String, text: String)] = []
        for relative in relatives {
            let path = base + "/" + relative
            if let text = Self.read(path, into: &diagnostics) { files.append((path, text)) }
        }
        let set = parser.parseSet(files: files)
        return (set.namedTypes, diagnostics + set.diagnostics)
    }

    static func read(_ path: String, into diagnostics: inout [Diagnostic]) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(unreadable(path, "cannot read the file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(unreadable(path, "the file is not UTF-8 text"))
            return nil
        }
        return text
    }

    static func unreadable(_ path: String, _ message: String) -> Diagnostic {
        Diagnostic(rule: "FILE_UNREADABLE", category: .syntax, severity: .error, message: message, location: SourceLocation(file: path))
    }
}
