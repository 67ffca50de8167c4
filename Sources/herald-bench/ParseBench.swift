import Foundation
import HeraldAvro
import HeraldBenchAllocations

/// `herald-bench parse [--emit TEXTS] PAIRS.json [ROUNDS]`: schema parsing alone (JSON text → resolved `AvroSchema` with positions)
/// over the distinct schema texts of `compat generate`'s pairs. Without ROUNDS it runs whole rounds for
/// HERALD_BENCH_SECONDS of CPU time and prints schemas/s and MB/s; with ROUNDS it does exactly that many rounds, so
/// that an instruction counter (callgrind) sees a fixed amount of work. `--emit TEXTS` first writes the schema
/// texts NUL-separated, for the avro-c reference (bench/reference/schema_parse_avroc.c) to parse the same inputs.
@Sendable func parseBench(_ arguments: [String]) throws {
    var arguments = arguments
    var emitFile: String?
    if let i = arguments.firstIndex(of: "--emit"), i + 1 < arguments.count {
        emitFile = arguments[i + 1]
        arguments.removeSubrange(i...(i + 1))
    }
    guard let pairsFile = arguments.first else { throw BenchUsage("parse [--emit TEXTS] PAIRS.json [ROUNDS]") }
    let data = try Data(contentsOf: URL(fileURLWithPath: pairsFile))
    guard let entries = try JSONSerialization.jsonObject(with: data) as? [[String: String]] else { throw BenchUsage("parse: bad pairs file") }
    var seen: Set<String> = []
    var texts: [String] = []
    for entry in entries {
        for key in ["writer", "reader"] {
            if let text = entry[key], seen.insert(text).inserted { texts.append(text) }
        }
    }
    if let emitFile { try Data(texts.joined(separator: "\0").utf8).write(to: URL(fileURLWithPath: emitFile)) }
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    let parser = AvroSchemaParser()
    func round() throws -> Int {
        var nodes = 0
        for text in texts {
            guard let schema = parser.parse(text, file: nil).schema else { throw BenchUsage("parse: a schema does not parse") }
            nodes += schema.nodes.count
        }
        return nodes
    }
    if arguments.count > 1, let fixed = Int(arguments[1]) {
        var nodes = 0
        for _ in 0..<fixed { nodes &+= try round() }
        print("parse: \(fixed) rounds of \(texts.count) schemas, \(nodes / max(fixed, 1)) nodes per round")
        return
    }
    let limit = Double(ProcessInfo.processInfo.environment["HERALD_BENCH_SECONDS"] ?? "") ?? 3
    // Heap allocations of one round (parsing and freeing each schema), counted by herald-bench's allocator wrappers.
    let allocationsBefore = herald_bench_allocation_count()
    _ = try round()
    let allocations = allocationsBefore < 0 ? -1 : herald_bench_allocation_count() - allocationsBefore
    var rounds = 0
    let start = cpuSeconds()
    repeat {
        _ = try round()
        rounds += 1
    } while cpuSeconds() - start < limit
    let elapsed = cpuSeconds() - start
    let rate = Double(texts.count * rounds) / elapsed
    print("parse: \(texts.count) schemas, \(bytes / texts.count) bytes on average")
    print("herald_parse_schemas_per_second=\(Int(rate))")
    print("herald_parse_mb_per_second=\(String(format: "%.1f", Double(bytes * rounds) / elapsed / 1e6))")
    if allocations >= 0 { print("herald_parse_allocations_per_schema=\(String(format: "%.1f", Double(allocations) / Double(texts.count)))") }
    print("herald_parse_us_per_schema=\(String(format: "%.2f", elapsed / Double(texts.count * rounds) * 1e6))")
}
