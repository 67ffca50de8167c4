import Foundation
@testable import HeraldSite
import Testing

/// Herald's Mustache engine against every test of the Mustache spec's inheritance module (`~inheritance.json`):
/// parents, blocks, overrides across several levels, and the indentation of standalone parents and blocks.
@Suite struct TemplateInheritanceSpecTests {
    struct SpecTest: CustomTestStringConvertible, Sendable {
        var name: String
        var template: String
        var partials: [String: String]
        var data: TemplateValue
        var expected: String
        var testDescription: String { name }
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/mustache-spec/inheritance.json")

    static func load() throws -> [SpecTest] {
        let root = try JSONSerialization.jsonObject(with: try Data(contentsOf: file)) as? [String: Any]
        let tests = root?["tests"] as? [[String: Any]] ?? []
        return tests.map { test in
            SpecTest(name: test["name"] as? String ?? "?", template: test["template"] as? String ?? "",
                     partials: test["partials"] as? [String: String] ?? [:], data: value(test["data"]),
                     expected: test["expected"] as? String ?? "")
        }
    }

    /// JSON as a template value: objects, lists, texts, whole numbers, flags; null is a missing value.
    static func value(_ json: Any?) -> TemplateValue {
        switch json {
        case let object as [String: Any]: .object(object.mapValues(value))
        case let list as [Any]: .list(list.map(value))
        case let text as String: .text(text)
        case let flag as Bool: .bool(flag)
        case let number as Int: .number(number)
        default: .missing
        }
    }

    @Test func theSpecFileHasEveryTest() throws {
        #expect(try Self.load().count == 27)
    }

    @Test(arguments: try TemplateInheritanceSpecTests.load())
    func specTest(_ test: SpecTest) throws {
        var sources = test.partials
        sources["main"] = test.template
        let output = String(decoding: try TemplateLibrary(sources: sources).render("main", test.data), as: UTF8.self)
        #expect(output == test.expected, "\(test.name)")
    }

    @Test func aBlockOverridingItselfStops() throws {
        let sources = ["main": "{{<p}}{{$a}}[{{$a}}x{{/a}}]{{/a}}{{/p}}", "p": "{{$a}}default{{/a}}"]
        let output = String(decoding: try TemplateLibrary(sources: sources).render("main", [:]), as: UTF8.self)
        #expect(output.hasPrefix("[["))
        #expect(output.count <= 2 * TemplateLibrary.maximumPartialDepth + 2)
    }

    @Test func aParentInheritingItselfStops() throws {
        let sources = ["main": "{{<main}}{{$a}}x{{/a}}{{/main}}{{$a}}y{{/a}}"]
        let output = String(decoding: try TemplateLibrary(sources: sources).render("main", [:]), as: UTF8.self)
        #expect(output.hasSuffix("xy") && output.dropLast().allSatisfy { $0 == "x" })
        #expect(output.count <= TemplateLibrary.maximumPartialDepth + 1)
    }
}
