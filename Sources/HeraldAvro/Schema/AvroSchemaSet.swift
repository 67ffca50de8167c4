import HeraldDiagnostics

/// One file of a schema set after parsing.
public struct AvroParsedFile: Sendable {
    /// The path as given.
    public var path: String
    /// The schema; nil when the file has errors.
    public var schema: AvroSchema?
    /// This file's diagnostics.
    public var diagnostics: [Diagnostic]
}

/// What parsing a set of files together produced.
public struct AvroSchemaSetResult: Sendable {
    /// The files in input order.
    public var files: [AvroParsedFile]
    /// The known types passed in plus every named type the valid files define; where files define one name
    /// differently, the first in dependency order wins (see each file's schema for its own view).
    public var namedTypes: NamedTypeSet
    /// All diagnostics of all files, file cycles and definition conflicts included.
    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }

    /// The schema of a path, when it parsed.
    public func schema(at path: String) -> AvroSchema? { files.first { $0.path == path }?.schema }
}

extension AvroSchemaParser {
    /// Parses files that may reference each other's named types, in any order: each file is parsed after the files
    /// defining the types it references. Cycles between files are reported on every file of the cycle.
    public func parseSet(files: [(path: String, text: String)], knownTypes: NamedTypeSet = NamedTypeSet()) -> AvroSchemaSetResult {
        // Scanned twice: here for the names, later by the parse proper. A tape points into its text, and a scan
        // costs little next to building the schema.
        var wellFormed: [Bool] = []
        var results: [AvroParsedFile] = files.map { AvroParsedFile(path: $0.path, schema: nil, diagnostics: []) }
        var scans: [AvroNameScan] = []
        for (i, file) in files.enumerated() {
            var text = file.text
            let scanned: Result<AvroNameScan, JSONSyntaxError> = text.withUTF8 { bytes in
                do throws(JSONSyntaxError) {
                    let tape = try JSONTape.scan(bytes, options: options.json)
                    var scan = AvroNameScan()
                    scan.walk(tape, 0, namespace: nil, depth: 0)
                    return .success(scan)
                } catch {
                    return .failure(error)
                }
            }
            switch scanned {
            case .success(let scan):
                wellFormed.append(true)
                scans.append(scan)
            case .failure(let error):
                wellFormed.append(false)
                scans.append(AvroNameScan())
                results[i].diagnostics.append(Self.syntaxDiagnostic(error, file: file.path))
            }
        }
        // Which file defines each full name (the first one, in input order).
        var definer: [String: Int] = [:]
        for (i, scan) in scans.enumerated() {
            for name in scan.definitions where definer[name] == nil { definer[name] = i }
        }
        let dependencies: [[Int]] = scans.enumerated().map { i, scan in
            var deps: Set<Int> = []
            for candidates in scan.references {
                if candidates.contains(where: { scan.definitions.contains($0) || knownTypes.contains($0) }) { continue }
                if let other = candidates.lazy.compactMap({ definer[$0] }).first, other != i { deps.insert(other) }
            }
            return deps.sorted()
        }
        // Depth-first topological order; a back edge is a cycle.
        var state = [UInt8](repeating: 0, count: files.count)  // 0 new, 1 on stack, 2 done
        var order: [Int] = []
        var inCycle: Set<Int> = []
        for start in files.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            var path: [Int] = [start]
            state[start] = 1
            while let top = stack.last {
                let deps = dependencies[top.node]
                if top.next < deps.count {
                    stack[stack.count - 1].next += 1
                    let dep = deps[top.next]
                    if state[dep] == 0 {
                        state[dep] = 1
                        stack.append((dep, 0))
                        path.append(dep)
                    } else if state[dep] == 1, let from = path.firstIndex(of: dep) {
                        inCycle.formUnion(path[from...])
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        for i in inCycle.sorted() {
            let others = dependencies[i].filter { inCycle.contains($0) }.map { files[$0].path }
            results[i].diagnostics.append(Diagnostic(
                AvroSchemaRules.fileCycle,
                message: "\(files[i].path) and \(others.joined(separator: ", ")) reference each other's types in a cycle",
                location: SourceLocation(file: files[i].path, line: 1, column: 1)))
        }
        // Each file sees the shared types passed in plus the files it depends on; those schemas are self-contained,
        // so they carry their own dependencies. Files nobody references never meet, so versions of one event may
        // redefine their own types freely.
        var all = knownTypes
        for i in order {
            guard wellFormed[i] else { continue }
            var known = knownTypes
            for dep in dependencies[i] where !inCycle.contains(dep) || !inCycle.contains(i) {
                guard let schema = results[dep].schema else { continue }
                for conflict in known.add(schema) {
                    var diagnostic = conflict
                    diagnostic.message += " (both reach \(files[i].path))"
                    results[i].diagnostics.append(diagnostic)
                }
            }
            let result = parse(files[i].text, file: files[i].path, knownTypes: known)
            results[i].diagnostics.append(contentsOf: result.diagnostics)
            if let schema = result.schema, !results[i].diagnostics.hasErrors {
                results[i].schema = schema
                all.add(schema)
            }
        }
        all.diagnostics = knownTypes.diagnostics
        return AvroSchemaSetResult(files: results, namedTypes: all)
    }
}

/// A lenient pre-pass over a schema document: the full names it defines and the names it references,
/// used only to order files; the parser proper reports any problems.
struct AvroNameScan {
    var definitions: Set<String> = []
    /// Candidate full names for each reference, in lookup order.
    var references: [[String]] = []

    mutating func walk(_ tape: JSONTape, _ node: Int, namespace: String?, depth: Int) {
        guard depth < 256 else { return }
        switch tape.kind(node) {
        case .string:
            if tape.word(node)?.primitive == nil { references.append(AvroNameSyntax.candidates(for: tape.string(node), in: namespace)) }
        case .array:
            var item = node + 1
            while item < tape.next(node) {
                walk(tape, item, namespace: namespace, depth: depth + 1)
                item = tape.next(item)
            }
        case .object:
            let attributes = SchemaAttributes(tape, object: node)
            guard let type = attributes[.type], tape.kind(type) == .string else { return }
            switch tape.word(type) {
            case .record, .error, .enum, .fixed:
                var inner = namespace
                if let nameValue = attributes[.name], let name = tape.stringValue(nameValue) {
                    let full: AvroName
                    if name.utf8.contains(UInt8(ascii: ".")) {
                        full = AvroName(fullName: name)
                    } else if let nsValue = attributes[.namespace], let ns = tape.stringValue(nsValue) {
                        full = AvroName(name: name, namespace: ns)
                    } else {
                        full = AvroName(name: name, namespace: namespace)
                    }
                    definitions.insert(full.fullName)
                    inner = full.namespace
                }
                if let fields = attributes[.fields], tape.kind(fields) == .array {
                    var field = fields + 1
                    while field < tape.next(fields) {
                        if tape.kind(field) == .object, let type = SchemaAttributes(tape, object: field)[.type] {
                            walk(tape, type, namespace: inner, depth: depth + 1)
                        }
                        field = tape.next(field)
                    }
                }
            case .array:
                if let items = attributes[.items] { walk(tape, items, namespace: namespace, depth: depth + 1) }
            case .map:
                if let values = attributes[.values] { walk(tape, values, namespace: namespace, depth: depth + 1) }
            case let word:
                if word?.primitive == nil { references.append(AvroNameSyntax.candidates(for: tape.string(type), in: namespace)) }
            }
        default:
            return
        }
    }
}
