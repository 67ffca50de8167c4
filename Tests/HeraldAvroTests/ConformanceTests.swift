import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// Runs the Apache Avro test data in `conformance/avro` of ../shared (SharedFolder.swift).
enum ConformanceData {
    static let folder = "conformance/avro"
    static let root = SharedFolder.root.appendingPathComponent(folder)

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func files(in relative: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(relative).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { relative + "/" + $0 }
    }

    /// One case of `schema-tests.txt`.
    struct CanonicalCase: CustomStringConvertible {
        var number: String
        var input: String
        var canonical: String
        var fingerprint: Int64?
        var description: String { number }
    }

    /// Reads the here-document format of `schema-tests.txt`.
    static func canonicalCases() throws -> [CanonicalCase] {
        var cases: [CanonicalCase] = []
        var number = ""
        var input: String?
        var multiline: [String]?
        for line in try text("schema-tests.txt").split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var lines = multiline {
                if line == "INPUT" {
                    input = lines.joined(separator: "\n")
                    multiline = nil
                } else {
                    lines.append(line)
                    multiline = lines
                }
                continue
            }
            if line.hasPrefix("// "), line.dropFirst(3).allSatisfy(\.isNumber) { number = String(line.dropFirst(3)) }
            if line.hasPrefix("//") || line.hasPrefix("#") { continue }
            if line == "<<INPUT" {
                multiline = []
            } else if line.hasPrefix("<<INPUT ") {
                input = String(line.dropFirst(8))
            } else if line.hasPrefix("<<canonical "), let current = input {
                cases.append(CanonicalCase(number: number, input: current, canonical: String(line.dropFirst(12))))
            } else if line.hasPrefix("<<fingerprint "), !cases.isEmpty {
                cases[cases.count - 1].fingerprint = Int64(line.dropFirst(14))
            }
        }
        return cases
    }
}

@Suite struct ConformanceTests {
    /// Conformance inputs Herald does not yet pass, each with its reason. Must stay empty.
    static let knownFailures: [(file: String, reason: String)] = []

    let parser = AvroSchemaParser()

    func parse(_ relative: String) throws -> AvroParseResult {
        parser.parse(try ConformanceData.text(relative), file: relative)
    }

    @Test func knownFailuresStayEmpty() {
        print("avro conformance known failures: \(Self.knownFailures.count)")
        #expect(Self.knownFailures.isEmpty)
    }

    @Test(.needsShared(ConformanceData.folder))
    func canonicalFormAndFingerprints() throws {
        let cases = try ConformanceData.canonicalCases()
        #expect(cases.count == 34)
        #expect(cases.filter { $0.fingerprint != nil }.count == 26)
        for testCase in cases {
            let result = parser.parse(testCase.input, file: "schema-tests.txt#\(testCase.number)")
            guard let schema = result.schema else {
                Issue.record("case \(testCase.number) did not parse: \(result.diagnostics.map(\.message))")
                continue
            }
            #expect(schema.canonicalForm == testCase.canonical, "case \(testCase.number)")
            if let expected = testCase.fingerprint {
                #expect(Int64(bitPattern: schema.rabinFingerprint) == expected, "case \(testCase.number)")
            }
            // The full JSON form must parse back to the same canonical form.
            let reparsed = parser.parse(schema.jsonText(), file: nil)
            #expect(reparsed.schema?.canonicalForm == testCase.canonical, "round trip of case \(testCase.number)")
        }
    }

    @Test(.needsShared(ConformanceData.folder))
    func sharedSchemasParseAndRoundTrip() throws {
        let files = ConformanceData.files(in: "schemas") + ConformanceData.files(in: "share-schemas")
            + ["common-schemas/simple/schema.json", "common-schemas/withUnion/schema.json", "messageV1/test_schema.avsc"]
            + ConformanceData.files(in: "c-schema-tests/pass")
        #expect(files.count == 40)
        for file in files {
            let result = try parse(file)
            guard let schema = result.schema else {
                Issue.record("\(file) did not parse: \(result.diagnostics.map { "\($0.location?.description ?? ""): \($0.message)" })")
                continue
            }
            #expect(!result.diagnostics.hasErrors)
            let json = schema.jsonText()
            let reparsed = parser.parse(json, file: nil)
            #expect(reparsed.schema?.canonicalForm == schema.canonicalForm, "round trip of \(file)")
            #expect(reparsed.schema.map { AvroSchemaWriter().jsonValue($0) } == AvroSchemaWriter().jsonValue(schema), "stable JSON of \(file)")
        }
    }

    @Test(.needsShared(ConformanceData.folder))
    func rejectsEveryFailCase() throws {
        let files = ConformanceData.files(in: "c-schema-tests/fail")
        #expect(files.count == 12)
        for file in files {
            let result = try parse(file)
            #expect(result.schema == nil, "\(file) was accepted")
            #expect(result.diagnostics.hasErrors)
            for diagnostic in result.diagnostics {
                #expect(diagnostic.location?.file == file)
                #expect((diagnostic.location?.line ?? 0) > 0)
            }
        }
    }

    @Test(.needsShared(ConformanceData.folder))
    func singleObjectMessageCarriesTheFingerprint() throws {
        let message = try Data(contentsOf: ConformanceData.root.appendingPathComponent("messageV1/test_message.bin"))
        #expect(Array(message.prefix(2)) == [0xC3, 0x01])
        let schema = try #require(try parse("messageV1/test_schema.avsc").schema)
        #expect(schema.fingerprint(.rabin) == Array(message[2..<10]))
        #expect(schema.fingerprint(.rabin) == [0xa9, 0x2d, 0xe1, 0xf8, 0xa2, 0x42, 0xf5, 0x3d])
    }

    @Test(.needsShared(ConformanceData.folder))
    func namedTypesRepeatedAreReferencedInCanonicalForm() throws {
        let schema = try #require(try parse("share-schemas/HandshakeRequest.avsc").schema)
        #expect(schema.canonicalForm == #"{"name":"org.apache.avro.ipc.HandshakeRequest","type":"record","fields":[{"name":"clientHash","type":{"name":"org.apache.avro.ipc.MD5","type":"fixed","size":16}},{"name":"clientProtocol","type":["null","string"]},{"name":"serverHash","type":"org.apache.avro.ipc.MD5"},{"name":"meta","type":["null",{"type":"map","values":"bytes"}]}]}"#)
    }
}
