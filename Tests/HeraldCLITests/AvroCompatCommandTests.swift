import Foundation
import Testing
import HeraldTestSupport

/// `herald avro compat` run as a user would, against golden output. Golden files: see Golden.swift.
@Suite struct AvroCompatCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/compat")

    func run(_ arguments: [String]) throws -> HeraldBinary.Result {
        try HeraldBinary.run(["avro", "compat"] + arguments, cwd: Self.fixtures)
    }

    func compare(_ text: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.check(text, against: Self.fixtures.appendingPathComponent("golden").appendingPathComponent(name),
                         sourceLocation: sourceLocation)
    }

    @Test func compatibleHistoryExitsZero() throws {
        let result = try run(["--mode", "backward", "v1.avsc", "v2.avsc"])
        #expect(result.status == 0)
        #expect(result.stdout == "0 errors, 0 warnings in 2 schema versions\n")
    }

    @Test func incompatibleHistoryAsText() throws {
        let result = try run(["--mode", "FULL_TRANSITIVE", "--types", "types", "v1.avsc", "v2.avsc", "v3.avsc"])
        #expect(result.status == 1)
        try compare(result.stdout, golden: "full-transitive.txt")
    }

    @Test(arguments: [("github", "full-transitive.github"), ("junit", "full-transitive.junit.xml")])
    func incompatibleHistoryInCIFormats(format: String, golden: String) throws {
        let result = try run(["--mode", "FULL_TRANSITIVE", "--types", "types", "--format", format, "v1.avsc", "v2.avsc", "v3.avsc"])
        #expect(result.status == 1)
        try compare(result.stdout, golden: golden)
        let clean = try run(["--mode", "backward", "--format", format, "v1.avsc", "v2.avsc"])
        #expect(clean.status == 0)
        try compare(clean.stdout, golden: "compatible." + golden.split(separator: ".", maxSplits: 1)[1])
    }

    @Test func incompatibleHistoryAsJSON() throws {
        let result = try run(["--mode", "full_transitive", "--types", "types", "--format", "json", "v1.avsc", "v2.avsc", "v3.avsc"])
        #expect(result.status == 1)
        try compare(result.stdout, golden: "full-transitive.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(object["formatVersion"] as? Int == 1)
    }

    @Test func onlyNewestChecksTheLastVersion() throws {
        // v3 narrows quantity back to int: BACKWARD against v2 fails, while v2 itself was a compatible step.
        let result = try run(["--mode", "backward", "--only-newest", "--types", "types", "v1.avsc", "v2.avsc", "v3.avsc"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("v3.avsc:7:34: error: The type (path '/fields/1/type') of a field in the new schema does not match with the old schema (reader type: INT not compatible with writer type: LONG) (v3 against v2, backward) [TYPE_MISMATCH]"))
        #expect(!result.stdout.contains("against v1"))
    }

    @Test func noneAcceptsEverything() throws {
        let result = try run(["--mode", "NONE", "--types", "types", "v3.avsc", "v1.avsc"])
        #expect(result.status == 0)
    }

    @Test func unusableInputExitsTwo() throws {
        let invalid = try run(["--mode", "backward", "v1.avsc", "invalid.avsc"])
        #expect(invalid.status == 2)
        #expect(invalid.stdout.contains("invalid.avsc:1:"))
        let missing = try run(["--mode", "backward", "v1.avsc", "absent.avsc"])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("absent.avsc: error: no such file; check the path [FILE_UNREADABLE]"))
        let unresolved = try run(["--mode", "backward", "v1.avsc", "v3.avsc"])
        #expect(unresolved.status == 2)
        let badMode = try run(["--mode", "sideways", "v1.avsc"])
        #expect(badMode.status == 2)
        #expect(badMode.stderr.contains("unknown mode 'sideways'"))
    }
}
