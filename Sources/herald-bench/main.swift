import Foundation

/// `herald-bench AREA [ARGS]`: release-build throughput measurements; `bench/run.sh` runs every area beside its reference tool.
/// Each area lives in its own file and registers here.
let areas: [String: @Sendable ([String]) throws -> Void] = [
    "kafka-batches": benchKafkaBatches,
    "canonical": canonicalBench,
    "compat": compatBench,
    "parse": parseBench,
    "datum": benchDatum,
    "site": siteBench,
    "asyncapi": asyncAPIBench,
    "produce-validation": benchProduceValidation,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let area = arguments.first, let run = areas[area] else {
    FileHandle.standardError.write(Data("usage: herald-bench AREA [ARGS]; areas: \(areas.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
try run(Array(arguments.dropFirst()))
