import Foundation
import HeraldCatalog
import HeraldDiagnostics

/// What one `herald build` leaves for the next build into the same output folder (a new process): digests of what
/// it read, the event rules' findings, the shape of the site and a record of every file it left in the output.
public struct BuildState: Sendable, Codable, Equatable {
    /// Bumped whenever the layout changes: a state of another format is ignored.
    public static let currentFormat = 1

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

    public var manifest: OutputManifest { OutputManifest(records: outputs) }

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
        guard let data = try? Data(contentsOf: file), let state = try? JSONDecoder().decode(BuildState.self, from: data),
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
