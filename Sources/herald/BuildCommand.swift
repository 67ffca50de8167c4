import ArgumentParser
import Foundation
import HeraldAsyncAPI
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite

/// `herald build`: checks the catalog, then publishes what the generators emit into the output folder.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the catalog and write the published output: the HTML catalog site and AsyncAPI documents under <out>/asyncapi/.",
        discussion: "Refuses to publish a catalog with errors. Exit status: 0 built, 1 the catalog has errors, 2 Herald could not run.")

    @Option(name: .long, help: "The catalog directory.")
    var catalog: String = "schemas"

    @Option(name: .long, help: "The output directory. A first build makes it whole; a rebuild replaces only the files that change (each whole, unchanged ones untouched) and removes those no longer made.")
    var out: String = "site"

    @Option(name: .customLong("base-url"), help: "The URL the output is published at; enables sitemap.xml (links stay relative).")
    var baseURL: String?

    @Option(name: .long, help: "A templates directory laid over Herald's own: it holds only the templates and assets it changes.")
    var templates: String?

    @Option(name: .customLong("asyncapi-version"), help: "AsyncAPI version of the documents: 3.0.0 or 2.6.0.")
    var asyncapiVersion: AsyncAPIVersionArgument = .v3

    @Option(name: .long, help: "Colour diagnostics: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(name: .customLong("cache-dir"), help: "Where a build keeps what the next build into the same output needs (default: .herald-cache/<out name> beside the output folder).")
    var cacheDir: String?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor keep the build cache: check and generate everything (unchanged files are still left untouched).")
    var noCache = false

    @Flag(name: .long, help: "Print how long each stage took (load, check, generate: AsyncAPI and site side by side, publish) to standard error.")
    var timings = false

    func run() throws {
        var clock = StageClock()
        let output = OutputDirectory(url: URL(fileURLWithPath: out), protected: [URL(fileURLWithPath: catalog)])
        if let refusal = output.refusal() {
            FileHandle.standardError.write(Data("herald: error: \(refusal)\n".utf8))
            throw ExitCode(2)
        }
        let cache = noCache ? nil : cacheDir.map { BuildCache(folder: URL(fileURLWithPath: $0)) } ?? BuildCache.beside(output.url)
        if let cache, let refusal = Self.cacheRefusal(cache, output: output.url, catalog: URL(fileURLWithPath: catalog)) {
            FileHandle.standardError.write(Data("herald: error: \(refusal)\n".utf8))
            throw ExitCode(2)
        }
        let pipeline = CatalogBuild(
            catalog: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog),
            templates: { [templates] in try TemplateLocation.load(templates) }, asyncAPIVersion: asyncapiVersion.version, baseURL: baseURL)
        let outcome: PersistedBuild.Outcome
        do {
            outcome = try PersistedBuild(pipeline: pipeline, output: output, cache: cache, heraldVersion: Self.executableIdentity)
                .run { stage in clock.lap(stage) }
        } catch where !error.diagnostics.isEmpty {
            report(DiagnosticReport(diagnostics: error.diagnostics))
            FileHandle.standardError.write(Data("herald: error: the templates have errors; nothing was published\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        switch outcome {
        case .unchanged(let previous):
            // Nothing was checked or written: the findings are those of the build that made the output.
            report(previous.report)
            if timings { FileHandle.standardError.write(Data(clock.report.utf8)) }
            FileHandle.standardOutput.write(Data("Nothing changed: the \(previous.fileCount) files in \(DisplayPath.relative(out)) are up to date\n".utf8))
        case .failed(let found):
            report(found)
            FileHandle.standardError.write(Data("herald: error: the catalog has errors; nothing was published\n".utf8))
            throw ExitCode(1)
        case .built(let built):
            report(built.report)
            clock.note("asyncapi", wall: built.generated.output.asyncAPISeconds)
            clock.note("site", wall: built.generated.output.siteSeconds)
            if timings { FileHandle.standardError.write(Data(clock.report.utf8)) }
            var note = "Wrote \(built.files) files to \(DisplayPath.relative(out))"
            if built.files > built.written { note += " (\(built.files - built.written) unchanged, kept as they were)" }
            if built.generated.isPartial { note += " (\(built.generated.output.siteFileCount) site files rendered again)" }
            if baseURL == nil { note += " (no sitemap.xml: pass --base-url to write one)" }
            FileHandle.standardOutput.write(Data((note + "\n").utf8))
        }
    }

    private func report(_ report: DiagnosticReport) {
        guard !report.diagnostics.isEmpty else { return }
        let text = TextReportRenderer(colour: color.enabled(for: .standardError)).render(report)
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Herald's version and commit, and the size and time of the running executable: a cache another build of Herald
    /// left (a developer's rebuild keeps the version number) is not used.
    static var executableIdentity: String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return BuildInfo.description }
        return BuildInfo.description + " \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }

    /// Why the cache folder cannot be used: inside the output (a deploy would upload it) or the catalog (the check
    /// would read it).
    static func cacheRefusal(_ cache: BuildCache, output: URL, catalog: URL) -> String? {
        let folder = OutputDirectory.components(cache.folder)
        for (other, what) in [(output, "the output folder"), (catalog, "the catalog")] {
            let components = OutputDirectory.components(other)
            if folder.starts(with: components) || components.starts(with: folder) {
                return "--cache-dir \(cache.folder.relativePath) overlaps \(what) \(other.relativePath); choose a folder outside both"
            }
        }
        return nil
    }
}

/// Wall-clock and CPU time (all threads) per build stage, for `--timings`: on a busy machine the two differ a lot.
struct StageClock {
    private var last = (wall: Self.wallSeconds(), cpu: Self.cpuSeconds())
    private var laps: [(stage: String, wall: Double, cpu: Double, peakMB: Int)] = []
    private var notes: [(stage: String, wall: Double)] = []

    /// Ends the named stage at the current time.
    mutating func lap(_ stage: String) {
        let now = (wall: Self.wallSeconds(), cpu: Self.cpuSeconds())
        laps.append((stage, now.wall - last.wall, now.cpu - last.cpu, Self.peakResidentMegabytes()))
        last = now
    }

    /// Records the wall time of a part of the last stage that ran beside another part.
    mutating func note(_ stage: String, wall: Double) {
        notes.append((stage, wall))
    }

    /// One `stage: wall …, cpu …` line per stage (parts run side by side indented under theirs), then the totals.
    var report: String {
        var text = ""
        for lap in laps {
            text += Self.line(lap.stage, wall: lap.wall, cpu: lap.cpu, peakMB: lap.peakMB)
            if lap.stage == "generate" {
                for note in notes { text += "  \(note.stage): " + String(format: "wall %.3f s", note.wall) + "\n" }
            }
        }
        return text + Self.line("total", wall: laps.reduce(0) { $0 + $1.wall }, cpu: laps.reduce(0) { $0 + $1.cpu }, peakMB: Self.peakResidentMegabytes())
    }

    private static func line(_ stage: String, wall: Double, cpu: Double, peakMB: Int) -> String {
        "\(stage): " + String(format: "wall %.3f s, cpu %.3f s", wall, cpu) + (peakMB > 0 ? ", peak memory \(peakMB) MB so far" : "") + "\n"
    }

    /// The process's peak resident set so far (Linux's VmHWM), or 0 where it cannot be read.
    private static func peakResidentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
        }
        return 0
    }

    private static func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// `--asyncapi-version` values.
enum AsyncAPIVersionArgument: String, ExpressibleByArgument, CaseIterable {
    case v3 = "3.0.0"
    case v2 = "2.6.0"

    var version: AsyncAPIVersion { self == .v3 ? .v3_0_0 : .v2_6_0 }
}
