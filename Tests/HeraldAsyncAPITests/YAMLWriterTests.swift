import Foundation
import HeraldAsyncAPI
import HeraldAvro
import Testing
import Yams

/// The YAML writer's output loads back (with libyaml, a YAML 1.1 reader) as the same JSON value.
@Suite struct YAMLWriterTests {
    /// A YAML node as JSON, resolving plain scalars the YAML 1.1 way (as libyaml's default resolver does).
    static func json(_ node: Yams.Node) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            var tag = Tag.Name(rawValue: node.tag.rawValue)
            if tag == .implicit { tag = Resolver.default.resolveTag(of: node) }
            if tag == .nonSpecific { tag = .str }
            switch tag {
            case .null: return .null
            case .bool: return .bool(Bool(scalar.string) ?? ["true", "yes", "on", "y"].contains(scalar.string.lowercased()))
            case .int, .float: return .number(JSONNumber(text: scalar.string))
            case .str: return .string(scalar.string)
            default: return .string("<\(tag.rawValue)>" + scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let key = key.scalar?.string, let value = json(value) else { return nil }
                object.set(key, value)
            }
            return .object(object)
        case .sequence(let sequence):
            let items = sequence.map(json)
            return items.contains { $0 == nil } ? nil : .array(items.compactMap { $0 })
        case .alias:
            return nil
        }
    }

    static func roundTrip(_ value: JSONValue) throws -> JSONValue? {
        let text = YAMLWriter().write(value)
        guard let node = try Yams.compose(yaml: text) else { return nil }
        return json(node)
    }

    static let trickyStrings = [
        "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "", " ", "1.0", "3.0.0", "0x1F", "1_000", "1e5", ".5",
        ".inf", "-.nan", "2026-01-01", "12:30:00", "- item", "? key", ": value", "#comment", "a #b", "a: b", "key:", "@at", "`tick",
        "!tag", "&anchor", "*alias", "|block", ">folded", "%directive", "[a]", "{a}", "\"quoted\"", "'single'", "trailing ",
        "tab\there", "line\nbreak", "two\n\nparagraphs\n", "ends with blank lines\n\n\n", "  indented\nsecond", "control \u{7}\u{96} chars",
        "unicode € é 中", "$message.header#/traceparent", "application/vnd.apache.avro+json;version=1.9.0", "#team-x",
        "line with trailing space \nnext", "nel\u{85}line", "x-herald-owner", "cleanup.policy",
        "a\n\tb", "a\n b", "x\n#y\n", "k: v\n- z\n", "---\n...\n", "first\n\n\nlast", "é\nü",
    ]

    @Test func trickyStringsRoundTrip() throws {
        for text in Self.trickyStrings {
            let value = JSONValue.object(JSONObject([(key: text.isEmpty ? "empty" : text, value: .string(text))]))
            #expect(try Self.roundTrip(value) == value, "\(text.debugDescription) does not round-trip:\n\(YAMLWriter().write(value))")
            let list = JSONValue.array([.string(text), .string(text)])
            #expect(try Self.roundTrip(list) == list, "\(text.debugDescription) in a list does not round-trip")
        }
    }

    /// Yams drops a leading byte-order mark when it decodes a scalar, so this one is checked on the text.
    @Test func byteOrderMarkIsEscaped() {
        #expect(YAMLWriter().write(.string("\u{FEFF}bom")) == "\"\\ufeffbom\"\n")
    }

    @Test func versionLikeStringsAreQuoted() {
        let yaml = YAMLWriter().write(.object(JSONObject([(key: "asyncapi", value: .string("3.0.0")), (key: "version", value: .string("1.0"))])))
        #expect(yaml == "asyncapi: \"3.0.0\"\nversion: \"1.0\"\n")
    }

    @Test func nestedShapes() throws {
        let value = JSONValue.object(JSONObject([
            (key: "empty object", value: .object(JSONObject())),
            (key: "empty list", value: .array([])),
            (key: "numbers", value: .array([.number(JSONNumber(text: "1")), .number(JSONNumber(text: "-2.5")), .number(JSONNumber(text: "1e5"))])),
            (key: "list of objects", value: .array([
                .object(JSONObject([(key: "name", value: .string("a")), (key: "type", value: .array([.string("null"), .string("string")]))])),
                .array([.bool(true), .null]),
                .object(JSONObject([(key: "doc", value: .string("multi\nline"))])),
            ])),
        ]))
        let back = try Self.roundTrip(value)
        // `1e5` is written so YAML 1.1 readers also see a float; compare numbers by value.
        #expect(back?["numbers"]?.arrayValue?.map { if case .number(let n) = $0 { n.double } else { .nan } } == [1, -2.5, 100000])
        var expected = value.objectValue!
        expected.set("numbers", back?["numbers"] ?? .null)
        #expect(back == .object(expected))
    }

    @Test func emittedDocumentsLoadAsTheirJSON() throws {
        for version in AsyncAPIVersion.allCases {
            let files = AsyncAPIGenerator(options: .init(version: version)).documents(for: try TestCatalogs.bundledCatalog())
            #expect(files.count > 10)
            let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
            for file in files where file.path.hasSuffix(".yaml") {
                let jsonPath = String(file.path.dropLast(5)) + ".json"
                guard let jsonBytes = byPath[jsonPath] else {
                    Issue.record("\(file.path) has no JSON twin")
                    continue
                }
                let json = try JSONParser().parse(String(decoding: jsonBytes, as: UTF8.self)).plain
                let node = try Yams.compose(yaml: String(decoding: file.bytes, as: UTF8.self))
                #expect(node.flatMap(Self.json) == json, "\(file.path) does not load as \(jsonPath)")
            }
        }
    }
}
