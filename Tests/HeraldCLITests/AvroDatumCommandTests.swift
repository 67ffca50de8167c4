import Foundation
import Testing
import HeraldTestSupport

/// `herald avro validate|encode|decode` run as a user would. Golden files: see Golden.swift.
@Suite struct AvroDatumCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/datum")

    func run(_ arguments: [String], stdin: Data? = nil) throws -> HeraldBinary.Result {
        try HeraldBinary.run(["avro"] + arguments, stdin: stdin, cwd: Self.fixtures)
    }

    func compare(_ text: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.check(text, against: Self.fixtures.appendingPathComponent("golden").appendingPathComponent(name),
                         sourceLocation: sourceLocation)
    }

    @Test func validateReportsEveryProblem() throws {
        let valid = try run(["validate", "--schema", "order.avsc", "valid.json"])
        #expect(valid.status == 0)
        #expect(valid.stdout == "0 errors, 0 warnings\n")
        let text = try run(["validate", "--schema", "order.avsc", "valid.json", "invalid-fields.json", "invalid-types.json"])
        #expect(text.status == 1)
        try compare(text.stdout, golden: "validate.txt")
        let json = try run(["validate", "--schema", "order.avsc", "--format", "json", "invalid-fields.json"])
        #expect(json.status == 1)
        try compare(json.stdout, golden: "validate.json")
    }

    @Test func validateReadsStandardInputAndSyntaxErrors() throws {
        let result = try run(["validate", "--schema", "order.avsc", "-"], stdin: Data(#"{"eventId": "x",}"#.utf8))
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("<input>:1:"))
        let tagged = try run(["validate", "--schema", "order.avsc", "--encoding", "avro-json", "valid.json"])
        #expect(tagged.status == 1)
        #expect(tagged.stdout.contains("EXAMPLE_BAD_UNION_TAG"))
    }

    @Test func encodeThenDecodeRoundTrips() throws {
        let hex = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex"])
        #expect(hex.status == 0)
        try compare(hex.stdout, golden: "valid.hex")
        let decoded = try run(["decode", "--schema", "order.avsc", "--hex", "--pretty", "-"], stdin: Data(hex.stdout.utf8))
        #expect(decoded.status == 0, "\(decoded.stderr)")
        try compare(decoded.stdout, golden: "valid.decoded.json")
        let tagged = try run(["decode", "--schema", "order.avsc", "--hex", "--encoding", "avro-json", "-"], stdin: Data(hex.stdout.utf8))
        #expect(tagged.stdout.contains(#""discount":{"com.example.common.Money":"#))
    }

    @Test func confluentFramingAndResolution() throws {
        let framed = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex", "--confluent-id", "258"])
        #expect(framed.stdout.hasPrefix("0000000102"))
        let resolved = try run(["decode", "--schema", "order.avsc", "--reader", "order-reader.avsc", "--confluent", "--hex", "-"], stdin: Data(framed.stdout.utf8))
        #expect(resolved.status == 0, "\(resolved.stderr)")
        try compare(resolved.stdout, golden: "resolved.json")
        let unframed = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex"])
        let wrongMagic = try run(["decode", "--schema", "order.avsc", "--confluent", "--hex", "-"], stdin: Data(("01" + unframed.stdout).utf8))
        #expect(wrongMagic.status == 1)
        #expect(wrongMagic.stderr == "<stdin>: error: Confluent magic byte is 1, expected 0\n")
    }

    @Test(arguments: [("github", "validate.github"), ("junit", "validate.junit.xml")])
    func validateInCIFormats(format: String, golden: String) throws {
        let result = try run(["validate", "--schema", "order.avsc", "--format", format, "valid.json", "invalid-fields.json", "invalid-types.json"])
        #expect(result.status == 1)
        try compare(result.stdout, golden: golden)
        let clean = try run(["validate", "--schema", "order.avsc", "--format", format, "valid.json"])
        #expect(clean.status == 0)
        try compare(clean.stdout, golden: "valid." + golden)
    }

    @Test func singleObjectRoundTrip() throws {
        let plain = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex"])
        let fingerprint = try run(["fingerprint", "order.avsc"])
        #expect(fingerprint.status == 0)
        let framed = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex", "--single-object"])
        #expect(framed.status == 0, "\(framed.stderr)")
        // C3 01, the Rabin fingerprint in the byte order `avro fingerprint` prints it, then the plain encoding.
        #expect(framed.stdout == "c301" + fingerprint.stdout.trimmingCharacters(in: .newlines) + plain.stdout)
        let decoded = try run(["decode", "--schema", "order.avsc", "--single-object", "--hex", "--pretty", "-"], stdin: Data(framed.stdout.utf8))
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stderr == "")
        try compare(decoded.stdout, golden: "valid.decoded.json")
    }

    @Test func badDataAndBadArguments() throws {
        let hex = try run(["encode", "--schema", "order.avsc", "valid.json", "--hex"]).stdout
        let truncated = String(hex.prefix(100))
        let result = try run(["decode", "--schema", "order.avsc", "--hex", "-"], stdin: Data(truncated.utf8))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("<stdin>: error: at byte "))
        let invalid = try run(["encode", "--schema", "order.avsc", "invalid-types.json"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("EXAMPLE_TYPE_MISMATCH"))
        #expect(try run(["validate", "--schema", "order.avsc", "--encoding", "xml", "valid.json"]).status == 2)
        #expect(try run(["validate", "--schema", "missing.avsc", "valid.json"]).status == 2)
        #expect(try run(["decode", "--schema", "order.avsc", "no-such-file.bin"]).status == 2)
    }
}
