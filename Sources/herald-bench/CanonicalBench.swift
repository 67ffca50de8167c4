import Foundation
import HeraldAvro

/// `herald-bench canonical [--emit OUT] [--only parse|json|canonical] [DIR]`: parse throughput, and canonical form + Rabin fingerprint throughput,
/// in schemas per second, over every `.avsc` under DIR (default `schemas`, with `DIR/types` as shared types).
/// `--emit OUT` first writes each schema fully resolved (self-contained JSON) to OUT, so reference tools can time
/// the same inputs without cross-file name resolution.
@Sendable func canonicalBench(_ arguments: [String]) throws {
    var arguments = arguments
    var emitDirectory: String?
    if let i = arguments.firstIndex(of: "--emit"), i + 1 < arguments.count {
        emitDirectory = arguments[i + 1]
        arguments.removeSubrange(i...(i + 1))
    }
    var only: String?
    if let i = arguments.firstIndex(of: "--only"), i + 1 < arguments.count {
        only = arguments[i + 1]
        arguments.removeSubrange(i...(i + 1))
    }
    let root = arguments.first ?? "schemas"
    let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".avsc") }.sorted()
    let files = try paths.map { ("\(root)/\($0)", try String(contentsOfFile: "\(root)/\($0)", encoding: .utf8)) }
    let parser = AvroSchemaParser()
    let set = parser.parseSet(files: files)
    let schemas = set.files.compactMap(\.schema)
    guard !schemas.isEmpty else { throw BenchFailure(message: "no parsable .avsc files under \(root)") }

    let resolved = schemas.map { $0.jsonText(style: .compact) }
    if let emitDirectory {
        try FileManager.default.createDirectory(atPath: emitDirectory, withIntermediateDirectories: true)
        for (i, text) in resolved.enumerated() {
            try Data(text.utf8).write(to: URL(fileURLWithPath: emitDirectory).appendingPathComponent(String(format: "%03d.avsc", i)))
        }
    }

    // Parse the self-contained texts (the same inputs the reference tool gets).
    let parseRate = only != nil && only != "parse" ? 0 : measure(itemsPerRound: resolved.count) {
        var count = 0
        for text in resolved where parser.parse(text, file: nil).schema != nil { count += 1 }
        return count
    }
    // The JSON layer alone, to see how parse time splits.
    let jsonRate = only != nil && only != "json" ? 0 : measure(itemsPerRound: resolved.count) {
        var count = 0
        for text in resolved where (try? JSONParser().parse(text)) != nil { count += 1 }
        return count
    }
    // Canonical form and Rabin fingerprint of already parsed schemas.
    let canonicalRate = only != nil && only != "canonical" ? 0 : measure(itemsPerRound: schemas.count) {
        var sink: UInt64 = 0
        for schema in schemas { sink ^= schema.rabinFingerprint }
        return Int(truncatingIfNeeded: sink & 1)
    }
    let fingerprints = schemas.map { String(format: "%016llx", $0.rabinFingerprint) }
    let digest = SHA256.digest(Array(fingerprints.joined(separator: ",").utf8)).map { String(format: "%02x", $0) }.joined()
    print("schemas \(schemas.count)")
    print("parse_schemas_per_second \(Int(parseRate))")
    print("json_parse_schemas_per_second \(Int(jsonRate))")
    print("canonical_rabin_schemas_per_second \(Int(canonicalRate))")
    print("fingerprint_digest \(digest)")
}

/// Runs `round` until at least a second has passed; returns items per second.
private func measure(itemsPerRound: Int, _ round: () -> Int) -> Double {
    let clock = ContinuousClock()
    var sink = 0
    for _ in 0..<3 { sink &+= round() }  // warm-up
    var rounds = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(1) {
        sink &+= round()
        rounds += 1
        elapsed = clock.now - start
    }
    if sink == Int.min { print("") }  // keeps the work observable
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(rounds * itemsPerRound) / seconds
}

/// A benchmark that cannot run.
struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
