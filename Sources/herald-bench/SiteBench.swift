import Foundation
import HeraldCatalog
import HeraldSite

/// `herald-bench site CATALOG TEMPLATES [RUNS]`: the site stage alone (no check, no disk writes), best of RUNS (3),
/// streaming as `herald build` does (each file is counted and dropped as it is emitted, none is kept): prints `site_resolve_seconds`, `site_render_seconds`, `site_render_cpu_seconds`, `site_files` and `site_bytes`.
@Sendable func siteBench(_ arguments: [String]) throws {
    guard arguments.count == 2 || arguments.count == 3 else {
        FileHandle.standardError.write(Data("usage: herald-bench site CATALOG TEMPLATES [RUNS]\n".utf8))
        exit(2)
    }
    let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: arguments[0]), displayRoot: arguments[0]).load()
    let templates = try SiteTemplates.load(from: URL(fileURLWithPath: arguments[1]))
    var bestResolve = Double.infinity, bestRender = Double.infinity, bestRenderCPU = Double.infinity
    var count = 0, bytes = 0
    let runs = arguments.count == 3 ? max(1, Int(arguments[2]) ?? 3) : 3
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let catalog = CatalogResolver().resolve(CatalogParser().parse(files))
        let resolved = DispatchTime.now().uptimeNanoseconds
        let cpuBefore = processCPUSeconds()
        let tally = EmittedTally()
        try SiteGenerator(options: SiteOptions(templates: templates)).emit(catalog) { tally.add($0) }
        bestRenderCPU = min(bestRenderCPU, processCPUSeconds() - cpuBefore)
        let rendered = DispatchTime.now().uptimeNanoseconds
        bestResolve = min(bestResolve, Double(resolved - start) / 1e9)
        bestRender = min(bestRender, Double(rendered - resolved) / 1e9)
        (count, bytes) = tally.totals
    }
    print("site_resolve_seconds=\(bestResolve)")
    print("site_render_seconds=\(bestRender)")
    // CPU seconds of all threads: on a shared machine the wall time depends on the other jobs, this does not.
    print("site_render_cpu_seconds=\(bestRenderCPU)")
    print("site_files=\(count)")
    print("site_bytes=\(bytes)")
}

/// Files and bytes emitted, counted from the worker threads.
final class EmittedTally: @unchecked Sendable {
    private let lock = NSLock()
    private var files = 0, bytes = 0

    func add(_ file: EmittedFile) {
        lock.lock()
        files += 1
        bytes += file.bytes.count
        lock.unlock()
    }

    var totals: (files: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (files, bytes)
    }
}

/// CPU time used by every thread of this process so far.
func processCPUSeconds() -> Double {
    var usage = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &usage)
    return Double(usage.tv_sec) + Double(usage.tv_nsec) / 1e9
}
