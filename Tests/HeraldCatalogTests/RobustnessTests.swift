import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog

/// Malformed input never traps: truncated and corrupted catalog files become diagnostics, deterministically.
@Suite struct RobustnessTests {
    /// A small deterministic generator, so failures reproduce.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    @Test func corruptedFilesBecomeDiagnostics() throws {
        let clean = try DirectoryCatalogSource(directory: Fixtures.root.appendingPathComponent("_compatibility/catalog"), displayRoot: "").load()
        var random = SplitMix(state: 42)
        let paths = clean.sortedPaths
        let noise: [UInt8] = Array("{}[]:,\"'-#&*!|>\n\t 0x\u{0}".utf8) + [0xFF, 0xC3]
        for _ in 0..<150 {
            var files = clean.files
            let path = paths[random.below(paths.count)]
            var bytes = [UInt8](files[path] ?? Data())
            switch random.below(3) {
            case 0: bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
            case 1: for _ in 0..<3 where !bytes.isEmpty { bytes[random.below(bytes.count)] = noise[random.below(noise.count)] }
            default: bytes.insert(contentsOf: (0..<random.below(8)).map { _ in noise[random.below(noise.count)] }, at: random.below(bytes.count + 1))
            }
            files[path] = Data(bytes)
            let first = CatalogChecker().check(CatalogFiles(displayRoot: "", files: files))
            let second = CatalogChecker().check(CatalogFiles(displayRoot: "", files: files))
            #expect(first.diagnostics == second.diagnostics, "non-deterministic output for a corrupted \(path)")
            #expect(first.diagnostics.allSatisfy { !$0.rule.isEmpty && $0.location != nil })
        }
    }
}
