import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import HeraldDiagnostics

/// What one `herald build` leaves for the next build into the same output folder (a new process): digests of what
/// it read, the event rules' findings, the shape of the site and a record of every file it left in the output.
public struct BuildState: Sendable, Codable, Equatable {
    /// Bumped whenever the layout changes: a state of another format is ignored.
    public static let currentFormat = 2

    public var format = Self.currentFormat
    /// `PersistedBuild.globalDigest`: Herald's version, the templates and the options. Any change invalidates all.
    public var global: String
    /// The digest of every catalog file together: equal means no input changed.
    public var inputs: String
    public var findings: KnownFindings
    public var shape: SiteShape
    /// The check's findings (warnings) of that build, reported again when nothing changed.
    public var diagnostics: [Diagnostic]
    /// The check's counts of events, schema versions and examples, for the report's summary.
    public var events: Int
    public var versions: Int
    public var examples: Int
    /// Files the build generated (site and AsyncAPI documents).
    public var fileCount: Int
    /// Every file of the output as the build left it.
    public var outputs: [String: OutputRecord]
    /// Per AsyncAPI document (by stem), a digest of the folders of the events it describes (`DocumentReach`).
    public var documents: [String: String]
    /// Where the catalog document's message entries lie in its files (read back by the next build).
    public var entries: MessageEntrySpans

    public var manifest: OutputManifest { OutputManifest(records: outputs) }

    public init(global: String, inputs: String, findings: KnownFindings, shape: SiteShape, diagnostics: [Diagnostic], events: Int,
                versions: Int, examples: Int, fileCount: Int, outputs: [String: OutputRecord],
                documents: [String: String] = [:], entries: MessageEntrySpans = MessageEntrySpans()) {
        self.global = global
        self.inputs = inputs
        self.findings = findings
        self.shape = shape
        self.diagnostics = diagnostics
        self.events = events
        self.versions = versions
        self.examples = examples
        self.fileCount = fileCount
        self.outputs = outputs
        self.documents = documents
        self.entries = entries
    }

    private enum CodingKeys: String, CodingKey {
        case format, global, inputs, findings, shape, diagnostics, events, versions, examples, fileCount, outputs, documents, entries
    }

    // The output records (70,000 at 10,000 events) as one text of `size mtime inode digest path` lines: a keyed
    // container per record costs a second to decode. A path with a line break is left out (the next build then
    // finds a file it has no record of, and renders everything).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(Int.self, forKey: .format)
        global = try container.decode(String.self, forKey: .global)
        inputs = try container.decode(String.self, forKey: .inputs)
        findings = try container.decode(KnownFindings.self, forKey: .findings)
        shape = try container.decode(SiteShape.self, forKey: .shape)
        diagnostics = try container.decode([Diagnostic].self, forKey: .diagnostics)
        events = try container.decode(Int.self, forKey: .events)
        versions = try container.decode(Int.self, forKey: .versions)
        examples = try container.decode(Int.self, forKey: .examples)
        fileCount = try container.decode(Int.self, forKey: .fileCount)
        documents = try container.decode([String: String].self, forKey: .documents)
        // One `id yamlOffset yamlLength jsonOffset jsonLength` line per entry, as the outputs are.
        var spans: [String: MessageEntrySpans.Span] = [:]
        for line in try container.decode(String.self, forKey: .entries).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let yamlOffset = Int(fields[1]), let yamlLength = Int(fields[2]), let jsonOffset = Int(fields[3]),
                  let jsonLength = Int(fields[4]) else {
                throw DecodingError.dataCorruptedError(forKey: .entries, in: container, debugDescription: "a malformed entry record")
            }
            spans[String(fields[0])] = .init(yamlOffset: yamlOffset, yamlLength: yamlLength, jsonOffset: jsonOffset, jsonLength: jsonLength)
        }
        entries = MessageEntrySpans(spans: spans)
        outputs = [:]
        for line in try container.decode(String.self, forKey: .outputs).split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let size = Int64(fields[0]), let modified = Int64(fields[1]), let inode = UInt64(fields[2]) else {
                throw DecodingError.dataCorruptedError(forKey: .outputs, in: container, debugDescription: "a malformed output record")
            }
            outputs[String(fields[4])] = OutputRecord(size: size, modified: modified, inode: inode, digest: String(fields[3]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(global, forKey: .global)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(findings, forKey: .findings)
        try container.encode(shape, forKey: .shape)
        try container.encode(diagnostics, forKey: .diagnostics)
        try container.encode(events, forKey: .events)
        try container.encode(versions, forKey: .versions)
        try container.encode(examples, forKey: .examples)
        try container.encode(fileCount, forKey: .fileCount)
        try container.encode(documents, forKey: .documents)
        var spans = ""
        for id in entries.spans.keys.sorted() where !id.contains(where: { $0 == " " || $0.isNewline }) {
            let span = entries.spans[id]!
            spans += "\(id) \(span.yamlOffset) \(span.yamlLength) \(span.jsonOffset) \(span.jsonLength)\n"
        }
        try container.encode(spans, forKey: .entries)
        var lines = ""
        for path in outputs.keys.sorted() where !path.contains("\n") && !path.contains("\r") {
            let record = outputs[path]!
            lines += "\(record.size) \(record.modified) \(record.inode) \(record.digest) \(path)\n"
        }
        try container.encode(lines, forKey: .outputs)
    }

    /// The check's report as that build gave it.
    public var report: DiagnosticReport { DiagnosticReport(diagnostics: diagnostics, events: events, versions: versions, examples: examples) }
}

/// The folder holding a build's `BuildState` (`build-state.json`).
public struct BuildCache: Sendable {
    public var folder: URL

    public init(folder: URL) { self.folder = folder }

    /// The default for an output folder: `.herald-cache/<name>/` beside it, outside what a deploy tool uploads (the
    /// output folder) and outside the catalog (which skips hidden folders anyway).
    public static func beside(_ output: URL) -> BuildCache {
        let target = output.standardizedFileURL
        return BuildCache(folder: target.deletingLastPathComponent().appendingPathComponent(".herald-cache", isDirectory: true)
            .appendingPathComponent(target.lastPathComponent, isDirectory: true))
    }

    public var file: URL { folder.appendingPathComponent("build-state.json") }

    /// The state the last build left, or nil when there is none or it cannot be used (unreadable, corrupt, of
    /// another format): the build then starts from nothing.
    public func read() -> BuildState? {
        // Read through a handle: Foundation's Data(contentsOf:) leaks a buffer for every empty file on Linux, and a
        // state cut short by a crash can be empty.
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() ?? Data(), let state = try? JSONDecoder().decode(BuildState.self, from: data),
              state.format == BuildState.currentFormat else { return nil }
        return state
    }

    /// Writes the state whole: to a temporary file beside it, renamed over the old one.
    public func write(_ state: BuildState) throws(BuildProblem) {
        let temporary = folder.appendingPathComponent(".build-state.json.tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(state).write(to: temporary)
            guard rename(temporary.path, file.path) == 0 else {
                throw BuildProblem("cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw BuildProblem("cannot write the build cache \(file.path): \(error)")
        }
    }

    /// Removes the state (a build that fails after changing the output must not leave one that no longer matches).
    public func remove() {
        try? FileManager.default.removeItem(at: file)
    }
}
