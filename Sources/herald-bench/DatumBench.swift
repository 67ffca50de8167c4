import Foundation
import HeraldAvro
import HeraldBenchAllocations

/// `herald-bench datum SCHEMA.avsc DATUM.json [SECONDS] [OPS]`: validate, JSON read, encode (into a new array, and
/// into one reused array), decode and check throughput
/// for one datum, with heap allocations per operation. Times are thread CPU time. Prints one JSON object per operation, one per line.
@Sendable func benchDatum(_ arguments: [String]) throws {
    guard arguments.count >= 2 else {
        FileHandle.standardError.write(Data("usage: herald-bench datum SCHEMA.avsc DATUM.json [SECONDS]\n".utf8))
        exit(2)
    }
    let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
    let schemaText = try String(contentsOfFile: arguments[0], encoding: .utf8)
    let parsed = AvroSchemaParser().parse(schemaText, file: arguments[0])
    guard let schema = parsed.schema else {
        FileHandle.standardError.write(Data("schema does not parse: \(parsed.diagnostics)\n".utf8))
        exit(2)
    }
    let json = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: arguments[1]))))

    let validator = AvroValidator(schema: schema)
    let reader = AvroJSONReader(schema: schema)
    let encoder = AvroBinaryEncoder(schema: schema)
    let decoder = AvroBinaryDecoder(schema: schema)
    let value = try reader.read(json)
    let bytes = try encoder.encode(value)
    guard validator.validate(json).isEmpty, try decoder.decode(bytes) == value else {
        FileHandle.standardError.write(Data("the datum does not round-trip\n".utf8))
        exit(2)
    }

    var sink = 0
    // One output array for every record, emptied keeping its capacity: the way to encode without allocating.
    var reused: [UInt8] = []
    let operations: [(String, () throws -> Int)] = [
        ("validate", { validator.validate(json).count }),
        ("read-json", { if case .record(let fields) = try reader.read(json) { return fields.count } else { return 0 } }),
        ("encode", { try encoder.encode(value).count }),
        ("encode-into", {
            reused.removeAll(keepingCapacity: true)
            try encoder.encode(value, into: &reused)
            return reused.count
        }),
        ("decode", { if case .record(let fields) = try decoder.decode(bytes) { return fields.count } else { return 0 } }),
        ("check", { try decoder.check(bytes); return 1 }),
    ]
    // An optional fourth argument runs only the named operations (comma-separated), e.g. for profiling.
    let only = arguments.count > 3 ? Set(arguments[3].split(separator: ",").map(String.init)) : nil
    for (name, operation) in operations where only?.contains(name) ?? true {
        // Warm up, then size batches so the measurement lasts about `seconds`.
        for _ in 0..<1000 { sink &+= try operation() }
        var iterations = 1000
        var elapsed = 0.0
        while ProcessInfo.processInfo.environment["HERALD_BENCH_FIXED"] == nil {
            let start = threadCPUNanoseconds()
            for _ in 0..<iterations { sink &+= try operation() }
            elapsed = Double(threadCPUNanoseconds() - start) / 1e9
            if elapsed >= seconds / 4 { break }
            iterations *= 4
        }
        // HERALD_BENCH_FIXED=N runs exactly N timed iterations, for instruction counts under `perf stat`.
        let fixed = ProcessInfo.processInfo.environment["HERALD_BENCH_FIXED"].flatMap { Int($0) }
        let total = fixed ?? Int(Double(iterations) * seconds / max(elapsed, 1e-9))
        let allocationsBefore = herald_bench_allocation_count()
        let start = threadCPUNanoseconds()
        for _ in 0..<total { sink &+= try operation() }
        let nanoseconds = Double(threadCPUNanoseconds() - start)
        let allocationsAfter = herald_bench_allocation_count()
        let perOp = allocationsBefore < 0 ? "null" : String(format: "%.2f", Double(allocationsAfter - allocationsBefore) / Double(total))
        print(String(format: #"{"area":"datum","op":"%@","ops_per_sec":%.0f,"ns_per_op":%.1f,"allocations_per_op":%@,"bytes":%d}"#,
                     name, Double(total) / (nanoseconds / 1e9), nanoseconds / Double(total), perOp, bytes.count))
    }
    if sink == 42 { print("") }
}

/// CPU time of the calling thread: on a shared, loaded machine it tracks the work done better than wall time.
func threadCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
