import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// The token tape the schema parser reads must accept, reject and place exactly what `JSONParser` does.
@Suite struct JSONTapeTests {
    /// Scans `bytes` into a tape, or the error, and hands the tape to `body` while the bytes are alive.
    func scan<R>(_ bytes: [UInt8], _ body: (JSONTape) -> R) -> Result<R, JSONSyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                return .success(body(try JSONTape.scan(buffer, options: .init())))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Token by token: kinds, positions, counts, extents and texts.
    func expectSame(_ tape: JSONTape, _ expected: JSONTape, _ input: [UInt8]) {
        #expect(tape.tokens.count == expected.tokens.count, "\(String(decoding: input, as: UTF8.self))")
        for i in 0..<min(tape.tokens.count, expected.tokens.count) {
            let a = tape.tokens[i], b = expected.tokens[i]
            #expect(a.kind == b.kind && a.line == b.line && a.column == b.column && a.end == b.end)
            if a.kind == .array || a.kind == .object { #expect(a.count == b.count) }
            if a.kind == .string || a.kind == .number { #expect(tape.string(i) == expected.string(i)) }
        }
    }

    /// Compares the tape scanner with the tree parser on one input.
    func compare(_ bytes: [UInt8]) {
        let tree: Result<JSONNode, JSONSyntaxError>
        do throws(JSONSyntaxError) { tree = .success(try JSONParser().parse(bytes)) } catch { tree = .failure(error) }
        let scanned = scan(bytes) { tape in
            if case .success(let node) = tree {
                expectSame(tape, JSONTape(node), bytes)
                #expect(tape.plain(0) == node.plain)
            }
            return true
        }
        switch (tree, scanned) {
        case (.failure(let a), .failure(let b)): #expect(a == b)
        case (.success, .success): break
        default: Issue.record("tape and tree disagree on \(bytes): \(tree) vs \(scanned)")
        }
    }

    @Test func positionsAndTextsMatchTheTreeParser() {
        let texts = [
            "{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": \"x\"\n}",
            "[\"é\", {\"ключ\": \"значение\", \"k\": 1}, \"\\u00e9\\n\", \"x\\\"y\"]",
            "\u{FEFF}{\"type\": \"string\"}",
            "\"\u{1F600}\" ",
            "{\"a\":{\"b\":{\"c\":[[],{}]}}}",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"é\",\"type\":\"int\"},\n{\"name\":\"b\",\"type\":\"long\"}]}",
        ]
        for text in texts { compare(Array(text.utf8)) }
    }

    @Test func errorsMatchTheTreeParser() {
        let texts = [
            "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "1.", "1e", "-",
            "tru", "nul", "falsey", "\"abc", "\"a\\x\"", "\"\\uD800\"", "\"\\uDC00\"", "\"\\u12\"", "\"a\u{01}\"",
            "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"é\":1,\"e\\u0301\":2}", "[1] x", "{\"a\":[1,{\"b\":}]}",
            "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k3\":3}",
            "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k0\":0}",
            "\"é\" é",
        ]
        for text in texts { compare(Array(text.utf8)) }
        compare([0x22, 0xC3, 0x28, 0x22])
        compare([0x22, 0x5C, 0x6E, 0xFF, 0x22])
        compare([0x22, 0xED, 0xA0, 0x80, 0x22])
        compare([0x5B, 0x22, 0xE2, 0x82, 0xAC, 0x22, 0x2C, 0xFF, 0x5D])
        let shallow = JSONParser.Options(maxDepth: 2)
        let deep = Array("[[[]]]".utf8)
        let tapeError = deep.withUnsafeBufferPointer { buffer -> JSONSyntaxError? in
            do throws(JSONSyntaxError) { _ = try JSONTape.scan(buffer, options: shallow); return nil } catch { return error }
        }
        var treeError: JSONSyntaxError?
        do throws(JSONSyntaxError) { _ = try JSONParser(options: shallow).parse(deep) } catch { treeError = error }
        #expect(tapeError != nil && tapeError == treeError)
    }

    @Test func seededMutationsMatchTheTreeParser() {
        var random = ParserFuzzTests.SplitMix(state: 1729)
        let alphabet = Array(#"{}[]":,.\0123456789-+eEtruefalsn ""#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF, 0x80]
        for _ in 0..<3000 {
            var bytes = ParserFuzzTests.seedSchema
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = alphabet.randomElement(using: &random) ?? 0
                case 1: bytes.insert(alphabet.randomElement(using: &random) ?? 0, at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            compare(bytes)
            // The schema built from the text's tape equals the one built from the parsed tree's.
            let text = String(decoding: bytes, as: UTF8.self)
            guard let node = try? JSONParser().parse(text) else { continue }
            let fromText = AvroSchemaParser().parse(text, file: "m")
            let fromTree = AvroSchemaParser().parse(node, file: "m")
            #expect(fromText.diagnostics == fromTree.diagnostics)
            #expect(fromText.schema?.canonicalForm == fromTree.schema?.canonicalForm)
            #expect(fromText.schema?.nodes.map(\.source?.location) == fromTree.schema?.nodes.map(\.source?.location))
        }
    }
}
