import Foundation
import HeraldFuzzTargets
import Testing

/// Replays `Fuzz/corpus/<target>/regressions/*` (every input a fuzz run once crashed on) and a fixed sample of
/// `seeds/*` through the same functions libFuzzer calls, without libFuzzer: a crash fails the whole run, a
/// finding fails the test naming the input.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")
    /// At most this many seeds per target are replayed (evenly spread over the sorted names).
    static let seedSample = 64

    static func inputs(_ target: String, _ kind: String) throws -> [URL] {
        let folder = corpus.appendingPathComponent(target).appendingPathComponent(kind)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("every target has a seed corpus", arguments: FuzzTarget.all.map(\.name))
    func seedsExist(_ name: String) throws {
        #expect(try !Self.inputs(name, "seeds").isEmpty)
    }

    @Test("regression inputs replay cleanly", arguments: FuzzTarget.all.map(\.name))
    func regressions(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for file in try Self.inputs(name, "regressions") {
            try replay(file, through: target)
        }
    }

    @Test("a sample of seeds replays cleanly", arguments: FuzzTarget.all.map(\.name))
    func seeds(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let all = try Self.inputs(name, "seeds")
        let step = max(1, all.count / Self.seedSample)
        for file in stride(from: 0, to: all.count, by: step).map({ all[$0] }) {
            try replay(file, through: target)
        }
    }

    private func replay(_ file: URL, through target: FuzzTarget) throws {
        let bytes = try [UInt8](Data(contentsOf: file))
        do {
            try target.run(bytes)
        } catch {
            Issue.record("\(target.name) \(file.lastPathComponent): \(error)")
        }
    }
}
