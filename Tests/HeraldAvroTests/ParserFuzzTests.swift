import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// Seeded pseudo-random inputs: the parsers must return a result or a clean error for every one of them.
@Suite struct ParserFuzzTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seedSchema = Array(#"{"type":"record","name":"a.R","fields":[{"name":"x","type":["null",{"type":"enum","name":"E","symbols":["A"]}],"default":null},{"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2},"default":"\u00ff"},{"name":"m","type":{"type":"map","values":{"type":"array","items":"R"}}}]}"#.utf8)

    @Test func randomMutationsNeverCrash() {
        var random = SplitMix(state: 42)
        let alphabet = Array(#"{}[]":,.\0123456789-+eEtruefalsn ""#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF, 0x80]
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Self.seedSchema
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = alphabet.randomElement(using: &random) ?? 0
                case 1: bytes.insert(alphabet.randomElement(using: &random) ?? 0, at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            let result = AvroSchemaParser().parse(String(decoding: bytes, as: UTF8.self), file: "fuzz")
            if let schema = result.schema {
                accepted += 1
                _ = schema.canonicalForm
                _ = schema.jsonText()
            } else {
                #expect(result.diagnostics.hasErrors)
            }
        }
        // Some mutations land in strings or docs and stay valid; most must not.
        #expect(accepted > 0 && accepted < 3000)
    }

    @Test func randomBytesNeverCrashTheJSONParser() {
        var random = SplitMix(state: 7)
        for _ in 0..<3000 {
            let count = Int.random(in: 0..<64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if let node = try? JSONParser().parse(bytes) {
                // Whatever parses must survive a write and re-parse unchanged.
                #expect((try? JSONParser().parse(JSONWriter().write(node.plain)))?.plain == node.plain)
            }
        }
    }

    @Test func writerRoundTripsEveryControlAndUnicodeString() throws {
        var scalars: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init)
        scalars += ["é", "€", "😀", "\u{2028}", "\u{FFFF}"]
        let text = String(String.UnicodeScalarView(scalars))
        let written = JSONWriter().write(.string(text))
        #expect(try JSONParser().parse(written).plain == .string(text))
        #expect(written.contains("€😀"))
        #expect(written.contains(#"\u001f"#))
    }
}
