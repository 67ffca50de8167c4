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

    /// Shared types may reference each other: files are parsed in rounds until no more of them succeed.
    func loadTypes(from directory: String) -> (types: NamedTypeSet, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".avsc") }.sorted()
        } catch {
            return (NamedTypeSet(), [Self.unreadable(directory, "cannot list the types folder")])
        }
        var pending: [(path: String, text: String)] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if let text = Self.read(path, into: &diagnostics) { pending.append((path, text)) }
        }
        var known = NamedTypeSet()
        var lastErrors: [String: [Diagnostic]] = [:]
        while !pending.isEmpty {
            var stillPending: [(path: String, text: String)] = []
            for file in pending {
                let result = parser.parse(file.text, file: file.path, knownTypes: known)
                if let schema = result.schema {
                    diagnostics += result.diagnostics
                    diagnostics += known.add(schema)
                } else {
                    lastErrors[file.path] = result.diagnostics
                    stillPending.append(file)
                }
            }
            if stillPending.count == pending.count {
                for file in stillPending { diagnostics += lastErrors[file.path] ?? [] }
                break
            }
            pending = stillPending
        }
        return (known, diagnostics)
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
