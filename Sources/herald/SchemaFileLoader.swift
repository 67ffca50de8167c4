import Foundation
import HeraldCatalog
import HeraldAvro
import HeraldDiagnostics

/// Reads and parses schema files for the `herald avro` commands, with shared named types from a folder. The one
/// schema loader of the CLI: `SchemaLoading` prints what this returns.
struct SchemaFileLoader {
    /// What loading produced: every schema when all parsed, and all diagnostics.
    struct Loaded {
        var schemas: [AvroSchema]?
        var diagnostics: [Diagnostic]
    }

    var parser = AvroSchemaParser()

    /// Parses `files` in order (`-` is standard input); any error (unreadable file, invalid schema, invalid shared
    /// type) leaves `schemas` nil.
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
            switch InputFile.text(file) {
            case .failure(let failure):
                diagnostics.append(Self.unreadable(failure))
            case .success(let text):
                let result = parser.parse(text, file: InputFile.label(file), knownTypes: known)
                diagnostics += result.diagnostics
                if let schema = result.schema { schemas.append(schema) }
            }
        }
        let ok = schemas.count == files.count && !diagnostics.hasErrors
        return Loaded(schemas: ok ? schemas : nil, diagnostics: diagnostics)
    }

    /// Every `.avsc` file under a folder (subfolders included, sorted by path, named `DIR/relative`), parsed as a
    /// set so that the types may reference each other in any order.
    func loadTypes(from directory: String) -> (types: NamedTypeSet, diagnostics: [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return (NamedTypeSet(), [Self.unreadable(InputFile.Failure(path: directory, message: "--types needs a folder of .avsc files"))])
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let relatives = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".avsc") }.sorted()
        var diagnostics: [Diagnostic] = []
        var files: [(path: String, text: String)] = []
        for relative in relatives {
            let path = base + "/" + relative
            switch InputFile.text(path) {
            case .failure(let failure): diagnostics.append(Self.unreadable(failure))
            case .success(let text): files.append((path, text))
            }
        }
        let set = parser.parseSet(files: files)
        return (set.namedTypes, diagnostics + set.diagnostics)
    }

    /// An input that could not be read, as a diagnostic.
    static func unreadable(_ failure: InputFile.Failure) -> Diagnostic {
        Diagnostic(CatalogRules.fileUnreadable, message: failure.message, location: failure.location)
    }
}
