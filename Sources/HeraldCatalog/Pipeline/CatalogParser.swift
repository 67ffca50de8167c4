import Foundation
import HeraldDiagnostics

/// Stage 2: sorts `CatalogFiles` into the catalog layout and reads the YAML files into models.
public struct CatalogParser: Sendable {
    public init() {}

    /// The files are consumed: each event's bytes are released as soon as that event is parsed, so the bytes and the
    /// decoded text of a large catalog are never all in memory together.
    public func parse(_ files: consuming CatalogFiles) -> ParsedCatalog {
        var sorted = sort(files)
        let boxes = sorted.events.map { EventFilesBox(folder: $0.folder, files: $0.files, unreadable: $0.unreadable) }
        sorted.events = []
        let displayRoot = sorted.displayRoot
        let parsedEvents = ParallelMap.map(boxes) { box in
            EventFolderParser(files: CatalogFiles(displayRoot: displayRoot, files: box.take(), unreadable: box.unreadable), folder: box.folder).parse()
        }
        var diagnostics = sorted.diagnostics
        var events: [ParsedEvent] = []
        events.reserveCapacity(parsedEvents.count)
        for (event, found) in parsedEvents {
            events.append(event)
            diagnostics += found
        }
        return ParsedCatalog(
            displayRoot: sorted.displayRoot, manifest: sorted.manifest, manifestFile: sorted.manifestFile, types: sorted.types, events: events,
            diagnostics: diagnostics)
    }

    /// Parses one event folder's files.
    public func parseEvent(_ files: EventFiles, displayRoot: String) -> (ParsedEvent, [Diagnostic]) {
        EventFolderParser(files: CatalogFiles(displayRoot: displayRoot, files: files.files, unreadable: files.unreadable), folder: files.folder).parse()
    }

    /// The first half of `parse`: the files sorted into event folders (not parsed yet), catalog.yaml and the shared
    /// types read, and the findings about files outside events.
    public func sort(_ files: consuming CatalogFiles) -> SortedCatalog {
        var diagnostics: [Diagnostic] = []
        let layout = CatalogFiles(displayRoot: files.displayRoot, files: [:])
        var contents = files.files
        let unreadable = files.unreadable
        _ = consume files
        // An event.yaml that cannot be read still makes its folder an event, so its files are not misreported.
        // Substrings, so that looking up each path's parent folders allocates nothing.
        var eventFolders = Set<Substring>()
        for path in Array(contents.keys) + unreadable.keys {
            if path == "event.yaml" {
                eventFolders.insert("")
            } else if path.hasSuffix("/event.yaml") {
                eventFolders.insert(path[..<path.utf8.index(path.endIndex, offsetBy: -"/event.yaml".utf8.count)])
            }
        }
        var filesByEvent: [String: [String: Data]] = [:]
        var unreadableByEvent: [String: [String: UnreadableFile]] = [:]
        var typePaths: [String] = []
        for (path, entry) in unreadable.sorted(by: { $0.key < $1.key }) {
            if let folder = owningEventFolder(of: path, in: eventFolders) {
                unreadableByEvent[folder, default: [:]][path] = entry
            } else if path != "catalog.yaml", path.hasSuffix(".avsc") || entry.kind == .danglingLink || entry.kind == .unlistableFolder {
                // Outside event folders only schemas are read; other unreadable files there are not the catalog's.
                diagnostics.append(Diagnostic(
                    CatalogRules.fileUnreadable, message: "'\(path.split(separator: "/").last.map(String.init) ?? path)' \(entry.reason)",
                    location: SourceLocation(file: layout.displayPath(path))))
            }
        }
        // Event files are grouped in any order (each event sorts its own); only the few files outside events are
        // visited in path order, for the order of their findings.
        var outside: [String: Data] = [:]
        for (path, data) in contents {
            if let folder = owningEventFolder(of: path, in: eventFolders) {
                filesByEvent[folder, default: [:]][path] = data
            } else {
                outside[path] = data
            }
        }
        // Only the event folders hold the event files now, so each event's bytes go as soon as it is parsed.
        contents = outside
        for path in outside.keys.sorted() {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if path == "catalog.yaml" { continue }
            if path.hasPrefix("types/"), path.hasSuffix(".avsc") {
                typePaths.append(path)
            } else if path.hasSuffix(".avsc") {
                diagnostics.append(Diagnostic(
                    CatalogRules.schemaOutsideEvent, message: "\(name) is not inside an event folder (one holding event.yaml) or types/",
                    location: SourceLocation(file: layout.displayPath(path))))
            } else if name == "event.yml" || name == "catalog.yml" {
                diagnostics.append(Diagnostic(
                    CatalogRules.orphanFile, message: "\(name) is ignored: Herald reads '\(name.dropLast(3))yaml'",
                    hint: "Rename it to \(name.dropLast(3))yaml.", location: SourceLocation(file: layout.displayPath(path))))
            }
        }

        var manifest: CatalogManifest?
        let manifestFile = layout.displayPath("catalog.yaml")
        var manifestDiagnostics: [Diagnostic] = []
        if let entry = unreadable["catalog.yaml"] {
            manifestDiagnostics.append(Diagnostic(
                CatalogRules.fileUnreadable, message: "catalog.yaml \(entry.reason)", location: SourceLocation(file: manifestFile)))
        } else if let data = contents["catalog.yaml"] {
            if let text = Self.decode(data, file: manifestFile, into: &manifestDiagnostics) {
                let parsed = YAMLDocumentParser().parse(text, file: manifestFile)
                manifestDiagnostics += parsed.diagnostics
                if let root = parsed.root, case .mapping = root.value {
                    let (read, found) = CatalogManifestReader.read(root, file: manifestFile)
                    manifest = read
                    manifestDiagnostics += found
                } else if let root = parsed.root, !root.isNull {
                    manifestDiagnostics.append(Diagnostic(
                        CatalogRules.yamlWrongType, message: "catalog.yaml must be a mapping, found \(root.shapeName)",
                        location: SourceLocation(file: manifestFile, line: root.position.line, column: root.position.column)))
                } else if parsed.diagnostics.isEmpty {
                    manifestDiagnostics.append(Diagnostic(
                        CatalogRules.catalogFileMissing, message: "catalog.yaml is empty", location: SourceLocation(file: manifestFile, line: 1, column: 1)))
                }
            }
        } else {
            manifestDiagnostics.append(Diagnostic(
                CatalogRules.catalogFileMissing, message: "the catalog has no catalog.yaml", location: SourceLocation(file: manifestFile)))
        }
        if manifest == nil {
            // Teams and services are not checked without catalog.yaml: say so, and what the file must hold.
            manifestDiagnostics = manifestDiagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.severity == .error {
                    let hint = "catalog.yaml must be a YAML mapping declaring 'teams:' and 'services:' (see docs/catalog.md); team and service references are not checked until it loads."
                    diagnostic.hint = diagnostic.rule == CatalogRules.catalogFileMissing.id ? hint : diagnostic.hint.map { $0 + " " + hint } ?? hint
                }
                return diagnostic
            }
        }
        diagnostics += manifestDiagnostics

        var types: [SourceText] = []
        for path in typePaths {
            let file = layout.displayPath(path)
            if let data = contents[path], let text = Self.decode(data, file: file, into: &diagnostics) {
                types.append(SourceText(file: file, text: text))
            }
        }

        var events: [EventFiles] = []
        events.reserveCapacity(filesByEvent.count)
        for folder in filesByEvent.keys.sorted() {
            events.append(EventFiles(folder: folder, files: filesByEvent.removeValue(forKey: folder) ?? [:], unreadable: unreadableByEvent[folder] ?? [:]))
        }
        return SortedCatalog(
            displayRoot: layout.displayRoot, manifest: manifest, manifestFile: manifestFile, manifestBytes: contents["catalog.yaml"],
            types: types, events: events, diagnostics: diagnostics)
    }

    /// The deepest folder holding an event.yaml that contains `path`.
    private func owningEventFolder(of path: String, in folders: Set<Substring>) -> String? {
        let bytes = path.utf8
        var end = bytes.endIndex
        while let slash = bytes[..<end].lastIndex(of: UInt8(ascii: "/")) {
            let folder = path[..<slash]
            if folders.contains(folder) { return String(folder) }
            end = slash
        }
        return folders.contains("") ? "" : nil
    }

    /// UTF-8 text of a file, or a `FILE_NOT_UTF8` finding.
    static func decode(_ data: Data, file: String, into diagnostics: inout [Diagnostic]) -> String? {
        if let text = String(validating: data, as: UTF8.self) {
            // A byte-order mark is legal UTF-8 but not part of the document.
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        diagnostics.append(Diagnostic(CatalogRules.fileNotUTF8, message: "the file is not valid UTF-8 text", location: SourceLocation(file: file)))
        return nil
    }
}

/// Reads one event folder: event.yaml, version files, key schema and examples.
struct EventFolderParser {
    /// This event's files only, keyed by catalog-relative path.
    let files: CatalogFiles
    let folder: String
    var paths: [String] { files.sortedPaths }

    func parse() -> (ParsedEvent, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let name = folder.split(separator: "/").last.map(String.init) ?? ""
        let prefix = folder.isEmpty ? "" : folder + "/"
        let manifestFile = files.displayPath(prefix + "event.yaml")
        var manifest: EventManifest?
        if let data = files.files[prefix + "event.yaml"], let text = CatalogParser.decode(data, file: manifestFile, into: &diagnostics) {
            let parsed = YAMLDocumentParser().parse(text, file: manifestFile)
            diagnostics += parsed.diagnostics
            if let root = parsed.root {
                let (read, found) = EventManifestReader.read(root, file: manifestFile)
                manifest = read
                diagnostics += found
            } else if parsed.diagnostics.isEmpty {
                manifest = EventManifest(documentLocation: SourceLocation(file: manifestFile, line: 1, column: 1))
            }
        }
        var keySchemaPath: String?
        if case .schema(let file) = manifest?.key {
            keySchemaPath = file.value
        }

        var versions: [VersionFile] = []
        var keySchema: SourceText?
        var pinned: [(number: Int, path: String)] = []
        var examples: [ExampleFile] = []
        for path in paths {
            let relative = String(path.dropFirst(prefix.count))
            let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let file = files.displayPath(path)
            func text() -> String? { files.files[path].flatMap { CatalogParser.decode($0, file: file, into: &diagnostics) } }
            switch parts.count {
            case 1 where relative == "event.yaml":
                continue
            case 1 where relative == keySchemaPath:
                if let text = text() { keySchema = SourceText(file: file, text: text) }
            case 1 where relative.hasSuffix(".avsc"):
                let stem = String(relative.dropLast(".avsc".count))
                if let number = Self.versionNumber(stem) {
                    // An unreadable version still counts: the latest is vN even when vN cannot be read.
                    let text = text()
                    versions.append(VersionFile(number: number, source: SourceText(file: file, text: text ?? ""), isReadable: text != nil))
                } else {
                    diagnostics.append(Diagnostic(
                        CatalogRules.versionNumberInvalid,
                        message: "'\(relative)' is not a version file name: versions are v1.avsc, v2.avsc, … (a key schema must be named by key.schema)",
                        location: SourceLocation(file: file), event: name))
                }
            case 2 where parts[0] == "examples" && parts[1].hasSuffix(".json"):
                if let text = text() { examples.append(ExampleFile(kind: .latest, source: SourceText(file: file, text: text))) }
            case 3 where parts[0] == "examples" && parts[1] == "invalid" && parts[2].hasSuffix(".json"):
                if let text = text() { examples.append(ExampleFile(kind: .invalid, source: SourceText(file: file, text: text))) }
            case 3 where parts[0] == "examples" && parts[1].hasPrefix("v") && parts[2].hasSuffix(".json"):
                if let number = Self.versionNumber(parts[1]) {
                    pinned.append((number, path))
                } else {
                    diagnostics.append(Diagnostic(
                        CatalogRules.exampleVersionUnknown, message: "examples/\(parts[1])/ does not name a version (expected examples/v<N>/)",
                        location: SourceLocation(file: file), event: name))
                }
            default:
                diagnostics.append(Diagnostic(
                    CatalogRules.orphanFile, message: "'\(relative)' is not part of the event layout and is never checked",
                    hint: "An event folder holds event.yaml, v<N>.avsc, the key schema, examples/*.json, examples/v<N>/*.json and examples/invalid/*.json.",
                    location: SourceLocation(file: file), event: name))
            }
        }
        for (path, entry) in files.unreadable.sorted(by: { $0.key < $1.key }) {
            let relative = String(path.dropFirst(prefix.count))
            let file = files.displayPath(path)
            var hint: String?
            if !relative.contains("/"), relative.hasSuffix(".avsc"), let number = Self.versionNumber(String(relative.dropLast(".avsc".count))) {
                versions.append(VersionFile(number: number, source: SourceText(file: file, text: ""), isReadable: false))
                hint = "A version must be a file holding the schema's JSON."
            }
            diagnostics.append(Diagnostic(
                CatalogRules.fileUnreadable, message: "'\(relative)' \(entry.reason)", hint: hint, location: SourceLocation(file: file), event: name))
        }
        versions.sort { $0.number < $1.number }
        let known = Set(versions.map(\.number))
        for (number, path) in pinned {
            let file = files.displayPath(path)
            if known.contains(number) {
                if let data = files.files[path], let text = CatalogParser.decode(data, file: file, into: &diagnostics) {
                    examples.append(ExampleFile(kind: .pinned(number), source: SourceText(file: file, text: text)))
                }
            } else {
                diagnostics.append(Diagnostic(
                    CatalogRules.exampleVersionUnknown, message: "example pinned to v\(number), but the event has no v\(number).avsc",
                    location: SourceLocation(file: file), event: name))
            }
        }
        if let keySchemaPath, keySchema == nil, let key = manifest?.key, case .schema(let located) = key {
            diagnostics.append(Diagnostic(
                CatalogRules.keyInvalid, message: "key schema '\(keySchemaPath)' does not exist in the event folder", location: located.location, event: name))
        }
        let event = ParsedEvent(
            name: name, folder: folder, manifestFile: manifestFile, manifest: manifest, versions: versions, keySchema: keySchema, examples: examples)
        return (event, diagnostics)
    }

    /// N for `v<N>` with N a positive integer without leading zeros.
    static func versionNumber(_ stem: String) -> Int? {
        guard stem.hasPrefix("v") else { return nil }
        let digits = stem.dropFirst()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return Int(digits)
    }
}

/// The output of `CatalogParser.sort`: what `ParsedCatalog` holds, with each event's files not yet parsed.
public struct SortedCatalog: Sendable {
    public var displayRoot: String
    public var manifest: CatalogManifest?
    public var manifestFile: String
    /// catalog.yaml's bytes as read (nil when missing or unreadable).
    public var manifestBytes: Data?
    public var types: [SourceText]
    /// Event folders in path order.
    public var events: [EventFiles]
    /// Findings about catalog.yaml, the shared types and the files outside events.
    public var diagnostics: [Diagnostic]
}

/// One event folder's files, as read: the whole input of its parse.
public struct EventFiles: Sendable, Equatable {
    /// The folder relative to the catalog root.
    public var folder: String
    /// Bytes by catalog-relative path.
    public var files: [String: Data]
    public var unreadable: [String: UnreadableFile]
}

/// One event's file bytes, handed to exactly one parallel worker, which takes them so they are freed once parsed.
private final class EventFilesBox: @unchecked Sendable {
    let folder: String
    let unreadable: [String: UnreadableFile]
    private var files: [String: Data]

    init(folder: String, files: [String: Data], unreadable: [String: UnreadableFile]) {
        self.folder = folder
        self.files = files
        self.unreadable = unreadable
    }

    func take() -> [String: Data] {
        defer { files = [:] }
        return files
    }
}
