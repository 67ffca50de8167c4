import Foundation
import HeraldAsyncAPI
import HeraldCatalog

/// `herald-bench asyncapi CATALOG [RUNS]`: the AsyncAPI stage alone (after the check `herald build` runs), streamed into sinks that count bytes (no disk),
/// best of RUNS (3): prints `asyncapi_seconds`, `asyncapi_cpu_seconds`, `asyncapi_files` and `asyncapi_bytes`.
@Sendable func asyncAPIBench(_ arguments: [String]) throws {
    guard arguments.count == 1 || arguments.count == 2 else {
        FileHandle.standardError.write(Data("usage: herald-bench asyncapi CATALOG [RUNS]\n".utf8))
        exit(2)
    }
    let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: arguments[0]), displayRoot: arguments[0]).load()
    // The catalog as `herald build` holds it: checked, kept, without source positions.
    guard let catalog = CatalogChecker(keepsCatalog: true).check(files).catalog else {
        FileHandle.standardError.write(Data("herald-bench: the check kept no catalog\n".utf8))
        exit(1)
    }
    // What the resolved catalog alone holds, to tell it apart from the stage's own peak.
    print("asyncapi_resolved_rss_mb=\(residentMegabytes()) peak=\(residentMegabytes("VmHWM:"))")
    _ = releaseFreeMemory(0)
    print("asyncapi_resolved_trimmed_rss_mb=\(residentMegabytes())")
    let runs = arguments.count == 2 ? max(1, Int(arguments[1]) ?? 3) : 3
    var bestWall = Double.infinity, bestCPU = Double.infinity
    var count = 0, bytes = 0
    for _ in 0..<runs {
        let sinks = CountingSinks()
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuBefore = processCPUSeconds()
        try AsyncAPIGenerator().stream(catalog) { _ in sinks.open() }
        bestCPU = min(bestCPU, processCPUSeconds() - cpuBefore)
        bestWall = min(bestWall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        (count, bytes) = (sinks.files, sinks.bytes)
    }
    print("asyncapi_seconds=\(bestWall)")
    print("asyncapi_cpu_seconds=\(bestCPU)")
    print("asyncapi_files=\(count)")
    print("asyncapi_bytes=\(bytes)")
}

/// Sinks that only count what they are given.
private final class CountingSinks {
    private(set) var files = 0
    private(set) var bytes = 0

    final class Sink: DocumentSink {
        let owner: CountingSinks
        init(owner: CountingSinks) { self.owner = owner }
        func write(_ bytes: [UInt8]) { owner.bytes += bytes.count }
        func close() {}
    }

    func open() -> any DocumentSink {
        files += 1
        return Sink(owner: self)
    }
}

/// The resident set size of this process now, in megabytes (Linux).
func residentMegabytes(_ field: String = "VmRSS:") -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }
    return 0
}

/// glibc's `malloc_trim`: returns freed heap memory to the system, so the resident size shows what is live.
@_silgen_name("malloc_trim") func releaseFreeMemory(_ pad: Int) -> Int32
