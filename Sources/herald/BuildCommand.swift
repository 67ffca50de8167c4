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

    @Option(name: .long, help: "The output directory; replaced as a whole once everything is generated.")
    var out: String = "site"

    @Option(name: .customLong("base-url"), help: "The URL the output is published at; enables sitemap.xml (links stay relative).")
    var baseURL: String?

    @Option(name: .long, help: "A templates directory laid over Herald's own: it holds only the templates and assets it changes.")
    var templates: String?

    @Option(name: .customLong("asyncapi-version"), help: "AsyncAPI version of the documents: 3.0.0 or 2.6.0.")
    var asyncapiVersion: AsyncAPIVersionArgument = .v3

    @Option(name: .long, help: "Colour diagnostics: auto, always or never.")
    var color: ColorChoice = .auto

    @Flag(name: .long, help: "Print how long each stage took (load, check, generate: AsyncAPI and site side by side, publish) to standard error.")
    var timings = false

    func run() throws {
        var clock = StageClock()
        let pipeline: CatalogBuild
        let loaded: LoadedSources
        do {
            pipeline = CatalogBuild(
                catalog: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog),
                templates: { [templates] in try TemplateLocation.load(templates) }, asyncAPIVersion: asyncapiVersion.version, baseURL: baseURL)
            loaded = try pipeline.load()
        } catch let problem as BuildProblem where !problem.diagnostics.isEmpty {
            let report = DiagnosticReport(diagnostics: problem.diagnostics)
            FileHandle.standardError.write(Data(TextReportRenderer(colour: color.enabled(for: .standardError)).render(report).utf8))
            FileHandle.standardError.write(Data("herald: error: the templates have errors; nothing was published\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("load")
        let checked = pipeline.check(loaded)
        let result = checked.result
        if !result.diagnostics.isEmpty {
            let text = TextReportRenderer(colour: color.enabled(for: .standardError)).render(result.report)
            FileHandle.standardError.write(Data(text.utf8))
        }
        guard result.ok else {
            FileHandle.standardError.write(Data("herald: error: the catalog has errors; nothing was published\n".utf8))
            throw ExitCode(1)
        }
        guard let publishable = checked.publishable else {
            FileHandle.standardError.write(Data("herald: error: the check kept no catalog to publish\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("check")
        // A rebuild takes over the files whose bytes did not change from the current output (they keep their
        // modification time) and still swaps the whole folder in at once.
        let staging: OutputDirectory.Staging
        do {
            staging = try OutputDirectory(url: URL(fileURLWithPath: out), protected: [URL(fileURLWithPath: catalog)])
                .stage(reusingUnchanged: true)
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        let generated: GeneratedOutput
        do {
            generated = try pipeline.generate(publishable, into: StagedOutput(staging))
        } catch {
            staging.discard()
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("generate")
        clock.note("asyncapi", wall: generated.asyncAPISeconds)
        clock.note("site", wall: generated.siteSeconds)
        do {
            try staging.publish()
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("publish")
        if timings { FileHandle.standardError.write(Data(clock.report.utf8)) }
        var note = "Wrote \(generated.fileCount) files to \(DisplayPath.relative(out))"
        if staging.reusedCount > 0 { note += " (\(staging.reusedCount) unchanged, kept as they were)" }
        if baseURL == nil { note += " (no sitemap.xml: pass --base-url to write one)" }
        FileHandle.standardOutput.write(Data((note + "\n").utf8))
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
