import ArgumentParser
import Foundation
import HeraldAsyncAPI
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
        // Load.
        let files: CatalogFiles
        let siteTemplates: SiteTemplates
        do {
            files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: catalog), displayRoot: DisplayPath.relative(catalog)).load()
            siteTemplates = try TemplateLocation.load(templates)
        } catch let error as SiteTemplateError {
            let report = DiagnosticReport(diagnostics: error.diagnostics)
            FileHandle.standardError.write(Data(TextReportRenderer(colour: color.enabled(for: .standardError)).render(report).utf8))
            FileHandle.standardError.write(Data("herald: error: the templates have errors; nothing was published\n".utf8))
            throw ExitCode(1)
        } catch let error as CatalogSourceError {
            FileHandle.standardError.write(Data("herald: error: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("load")
        // Check: the same gate as `herald check`; it keeps the resolved catalog for the stages below.
        let result = CatalogChecker(keepsCatalog: true).check(files)
        if !result.diagnostics.isEmpty {
            let text = TextReportRenderer(colour: color.enabled(for: .standardError)).render(result.report)
            FileHandle.standardError.write(Data(text.utf8))
        }
        guard result.ok else {
            FileHandle.standardError.write(Data("herald: error: the catalog has errors; nothing was published\n".utf8))
            throw ExitCode(1)
        }
        guard let resolved = result.catalog else {
            FileHandle.standardError.write(Data("herald: error: the check kept no catalog to publish\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("check")
        let staging: OutputDirectory.Staging
        do {
            staging = try OutputDirectory(url: URL(fileURLWithPath: out), protected: [URL(fileURLWithPath: catalog)]).stage()
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        // The AsyncAPI documents and the site are independent: they are generated side by side, each file written
        // as soon as it is made, so neither is held whole (a large catalog's documents run to gigabytes).
        let generator = AsyncAPIGenerator(options: .init(version: asyncapiVersion.version))
        let paths = generator.documentPaths(for: resolved)
        let asyncAPI = BranchOutcome()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try generator.stream(resolved) { path in try staging.open(path: path) }
            } catch {
                asyncAPI.fail((error as? OutputDirectory.WriteError)?.message ?? "\(error)")
            }
            asyncAPI.finish(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        var siteFailure: String?
        let siteFiles = FileCount()
        let siteStart = DispatchTime.now().uptimeNanoseconds
        do {
            let siteOptions = SiteOptions(templates: siteTemplates, baseURL: baseURL, asyncAPIDocuments: Self.links(paths, resolved))
            // Pages are written by the workers that render them, as they are made.
            try SiteGenerator(options: siteOptions).emit(resolved) { file in
                try staging.write(file)
                siteFiles.add()
            }
        } catch let error as OutputDirectory.WriteError {
            siteFailure = error.message
        } catch {
            siteFailure = "\(error)"
        }
        let siteSeconds = Double(DispatchTime.now().uptimeNanoseconds - siteStart) / 1e9
        group.wait()
        clock.lap("generate")
        clock.note("asyncapi", wall: asyncAPI.seconds)
        clock.note("site", wall: siteSeconds)
        if let failure = siteFailure ?? asyncAPI.failure {
            staging.discard()
            FileHandle.standardError.write(Data("herald: error: \(failure)\n".utf8))
            throw ExitCode(2)
        }
        do {
            try staging.publish()
        } catch {
            FileHandle.standardError.write(Data("herald: error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        clock.lap("publish")
        if timings { FileHandle.standardError.write(Data(clock.report.utf8)) }
        var note = "Wrote \(paths.count + siteFiles.count) files to \(DisplayPath.relative(out))"
        if baseURL == nil { note += " (no sitemap.xml: pass --base-url to write one)" }
        FileHandle.standardOutput.write(Data((note + "\n").utf8))
    }
}

extension BuildCommand {
    /// Links from the site to the AsyncAPI documents: the catalog's on every event, a service's on the events it
    /// produces or consumes.
    static func links(_ files: [String], _ catalog: ResolvedCatalog) -> [AsyncAPIDocumentLink] {
        var links: [AsyncAPIDocumentLink] = []
        let paths = Set(files)
        for format in ["yaml", "json"] where paths.contains("asyncapi/catalog.\(format)") {
            links.append(AsyncAPIDocumentLink(path: "asyncapi/catalog.\(format)", title: "Whole catalog (\(format.uppercased()))"))
        }
        var related: [String: [String]] = [:]
        for event in catalog.events {
            let manifest = event.manifest
            let services = Set((manifest?.producers ?? []).map(\.value) + (manifest?.consumers ?? []).map(\.value))
            for id in services { related[id, default: []].append(event.name) }
        }
        for id in catalog.services.keys.sorted() where paths.contains("asyncapi/\(id).yaml") {
            links.append(AsyncAPIDocumentLink(
                path: "asyncapi/\(id).yaml", title: "\(catalog.services[id]?.name?.value ?? id) (YAML)", events: related[id] ?? []))
        }
        return links
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

/// How a stage running on another thread ended: its failure, if any, and its wall time.
final class BranchOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var failureText: String?
    private var wallSeconds = 0.0

    func fail(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if failureText == nil { failureText = message }
    }

    func finish(seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        wallSeconds = seconds
    }

    var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return failureText
    }

    var seconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return wallSeconds
    }
}

/// Files written so far by concurrent workers.
final class FileCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
