import Testing
@testable import HeraldAvro

@Suite struct JSONParserTests {
    let parser = JSONParser()

    func error(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try parser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindWithPositions() throws {
        let node = try parser.parse("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": \"x\"\n}")
        #expect(node.position == TextPosition(line: 1, column: 1))
        guard let a = node["a"], case .array(let items) = a.value.value else {
            Issue.record("no array")
            return
        }
        #expect(a.keyPosition == TextPosition(line: 2, column: 3))
        #expect(a.value.position == TextPosition(line: 2, column: 8))
        #expect(items.map(\.position.column) == [9, 12, 20, 26, 33])
        #expect(items[1].plain == .number(JSONNumber(text: "-2.5e3")))
        #expect(node["b"]?.value.plain == .string("x"))
        #expect(node["b"]?.keyPosition == TextPosition(line: 3, column: 3))
    }

    @Test func schemaWordsAndTheirNearMissesDecodeToTheirOwnText() throws {
        // Schema words come from a table of literals; words one letter off, shorter or longer must not.
        let words = ["doc", "int", "map", "type", "name", "null", "long", "size", "enum", "items", "array", "bytes",
                     "fixed", "float", "order", "scale", "error", "fields", "record", "string", "double", "values",
                     "default", "aliases", "symbols", "boolean", "namespace", "precision", "logicalType"]
        var texts: [String] = []
        for word in words {
            texts.append(word)
            texts.append(String(word.dropLast()) + "X")
            texts.append(String(word.dropFirst()))
            texts.append(word + "s")
            texts.append("n" + word.dropFirst())
            texts.append("f" + word.dropFirst())
        }
        texts.append(contentsOf: ["nam", "nul", "nama", "fixe", "flixed", "dóc", "typé", "t\\u0079pe", "logicaltype"])
        let document = "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        guard case .array(let items) = try parser.parse(document).value else {
            Issue.record("no array")
            return
        }
        let decoded = items.map { item -> String in
            if case .string(let text) = item.value { return text }
            return "?"
        }
        let expected = texts.map { $0 == "t\\u0079pe" ? "type" : $0 }
        #expect(decoded == expected)
        // As object keys too, where look-ups find them by text.
        let object = try parser.parse("{\"namespace\": 1, \"namespacf\": 2, \"nam\": 3}")
        #expect(object["namespace"]?.value.plain == .number(JSONNumber(text: "1")))
        #expect(object["namespacf"]?.value.plain == .number(JSONNumber(text: "2")))
        #expect(object["nam"]?.value.plain == .number(JSONNumber(text: "3")))
        #expect(object["name"] == nil)
    }

    @Test func columnsCountUnicodeScalars() throws {
        let node = try parser.parse("[\"é€😀\", 1]")
        guard case .array(let items) = node.value else { Issue.record("not .array: \(node.value)"); return }
        #expect(items[1].position == TextPosition(line: 1, column: 9))
        #expect(items[0].plain == .string("é€😀"))
    }

    @Test func columnsAfterNonASCIIOnEarlierAndSameLines() throws {
        // Non-ASCII bytes on an earlier line do not shift columns; on the same line they count as scalars.
        let node = try parser.parse("[\"é\",\n \"a\", \"\\u00e9\", \"€\\n\", 7]")
        guard case .array(let items) = node.value else { Issue.record("not .array: \(node.value)"); return }
        #expect(items.map(\.position) == [
            TextPosition(line: 1, column: 2), TextPosition(line: 2, column: 2), TextPosition(line: 2, column: 7),
            TextPosition(line: 2, column: 17), TextPosition(line: 2, column: 24),
        ])
        #expect(error("{\"é\": 1,\n \"b\": x}")?.position == TextPosition(line: 2, column: 7))
        #expect(error("{\"é\": 1, \"b\": x}")?.position == TextPosition(line: 1, column: 15))
        #expect(error("[\"a\\n€\", \"\u{1}\"]")?.position == TextPosition(line: 1, column: 11))
        #expect(error("\u{FEFF}[1, x]")?.position == TextPosition(line: 1, column: 5))
    }

    @Test func nestedContainersKeepTheirOwnElements() throws {
        let node = try parser.parse(#"{"a":[1,{"b":[2,3],"c":{}},[]],"d":{"e":[[4],[5,6]]},"f":7}"#)
        #expect(JSONWriter().write(node.plain) == #"{"a":[1,{"b":[2,3],"c":{}},[]],"d":{"e":[[4],[5,6]]},"f":7}"#)
        let wide = "{" + (0..<14).map { "\"k\($0)\":[\($0),{\"x\":\($0)}]" }.joined(separator: ",") + "}"
        #expect(try JSONWriter().write(parser.parse(wide).plain) == wide)
    }

    @Test func decodesEscapes() throws {
        let node = try parser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(node.plain == .string("a\"b\\c/d\u{8}\u{C}\n\r\té😀"))
    }

    @Test func keepsNumberLiterals() throws {
        let node = try parser.parse("[0, -0, 12345678901234567890123, 1.50, 1E+2]")
        #expect(node.plain == .array(["0", "-0", "12345678901234567890123", "1.50", "1E+2"].map { .number(JSONNumber(text: $0)) }))
    }

    @Test func rejectsDuplicateKeysWithPosition() {
        let e = error("{\"a\": 1,\n \"a\": 2}")
        #expect(e?.message.contains("duplicate key \"a\"") == true)
        #expect(e?.position == TextPosition(line: 2, column: 2))
        // Wide objects go through the set path.
        let wide = "{" + (0..<20).map { "\"k\($0)\": 0" }.joined(separator: ",") + ", \"k15\": 1}"
        #expect(error(wide)?.message.contains("duplicate key \"k15\"") == true)
    }

    @Test(arguments: [
        "", " ", "{", "[", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nulls", "[1 2]",
        "\"abc", "\"a\u{1}\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "{\"a\" 1}", "{1:2}", "[1]]", "NaN",
        "Infinity", "// c\n1", "1 2", "[\"\\ud800\\u0041\"]",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(error(text) != nil, "accepted \(text.debugDescription)")
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try parser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try parser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
        #expect((try? parser.parse([0xEF, 0xBB, 0xBF, 0x31]))?.plain == .number(JSONNumber(text: "1")))
    }

    @Test func errorPositionsPointAtTheProblem() {
        #expect(error("{\n  \"a\": tru\n}")?.position == TextPosition(line: 2, column: 8))
        #expect(error("[1,\n 2,\n ]")?.position == TextPosition(line: 3, column: 2))
        #expect(error("[1] x")?.position == TextPosition(line: 1, column: 5))
    }

    @Test func limitsDepth() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(error(deep)?.message.contains("nesting") == true)
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(error(ok) == nil)
        let shallow = JSONParser(options: .init(maxDepth: 2))
        #expect(throws: JSONSyntaxError.self) { try shallow.parse("[[[]]]") }
    }

    @Test func everyPrefixOfAValidDocumentIsHandled() {
        let text = #"{"type":"record","name":"a.B","fields":[{"name":"x","type":["null","string"],"default":null,"doc":"é\n"}]}"#
        let bytes = Array(text.utf8)
        for n in 0..<bytes.count {
            #expect(throws: JSONSyntaxError.self) { try parser.parse(Array(bytes[0..<n])) }
        }
        #expect((try? parser.parse(bytes)) != nil)
    }

    @Test func writerIsCompactPrettyAndEscapes() throws {
        let value = JSONValue.object(JSONObject([
            ("s", .string("q\"b\\n\n\u{1}é😀/")), ("a", .array([.number(JSONNumber(1)), .null, .bool(false)])),
            ("e", .object(JSONObject())), ("l", .array([])),
        ]))
        #expect(JSONWriter().write(value) == #"{"s":"q\"b\\n\n\u0001é😀/","a":[1,null,false],"e":{},"l":[]}"#)
        #expect(JSONWriter(style: .pretty).write(value) == """
        {
          "s": "q\\"b\\\\n\\n\\u0001é😀/",
          "a": [
            1,
            null,
            false
          ],
          "e": {},
          "l": []
        }
        """)
        #expect(try parser.parse(JSONWriter().write(value)).plain == value)
    }
}
