import Foundation
import Testing

/// `herald build --templates`: a folder holding only what it changes, laid over Herald's own templates.
@Suite struct BuildTemplatesTests {
    static let fixture = BuildCommandTests.fixture

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The five-line footer override of docs/site.md, end to end: every page carries the new footer, the rest of the
    /// site is Herald's.
    @Test func aFiveLineFooterOverride() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("my-templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let layout = """
            {{<herald/layout}}
            {{$footer}}
            <p>Run by the platform team · <a href="https://wiki.example.com/events">Event guidelines</a></p>
            {{/footer}}
            {{/herald/layout}}

            """
        try Data(layout.utf8).write(to: templates.appendingPathComponent("layout.mustache"))
        let own = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", folder.appendingPathComponent("own").path])
        #expect(own.status == 0, "\(own.stderr)")
        let users = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", folder.appendingPathComponent("users").path,
                                          "--templates", templates.path])
        #expect(users.status == 0, "\(users.stderr)")
        let before = try BuildCommandTests().tree(folder.appendingPathComponent("own"))
        let after = try BuildCommandTests().tree(folder.appendingPathComponent("users"))
        #expect(before.keys.sorted() == after.keys.sorted())
        let footer = "  <p>Run by the platform team · <a href=\"https://wiki.example.com/events\">Event guidelines</a></p>\n"
        var pages = 0
        for (path, bytes) in before {
            let text = String(decoding: bytes, as: UTF8.self), changed = String(decoding: after[path] ?? Data(), as: UTF8.self)
            guard path.hasSuffix(".html") else {
                #expect(after[path] == bytes, "\(path)")
                continue
            }
            pages += 1
            #expect(changed.contains("<footer class=\"foot\">\n" + footer + "</footer>"), "\(path)")
            #expect(!changed.contains("Built by Herald"), "\(path)")
            let start = try #require(text.range(of: "<footer class=\"foot\">\n")), end = try #require(text.range(of: "</footer>"))
            #expect(changed == String(text[..<start.upperBound]) + footer + String(text[end.lowerBound...]), "\(path)")
        }
        #expect(pages > 3)
    }

    /// A broken template: diagnostics at file:line:column, exit status 1, and the output folder left as it was.
    @Test func aBrokenTemplatePublishesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{<herald/layout}}\n{{$footer}}\n  {{>links}}\n{{/footer}}\n{{/herald/layout}}\n".utf8)
            .write(to: templates.appendingPathComponent("layout.mustache"))
        try Data("<h1>{{title}}</h1>\n{{#events}}\n".utf8).write(to: templates.appendingPathComponent("home.mustache"))
        let out = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("published earlier\n".utf8).write(to: out.appendingPathComponent("index.html"))
        let result = try HeraldBinary.run(["build", "--catalog", Self.fixture.path, "--out", "site", "--color", "never"], cwd: folder)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("templates/home.mustache:2:1: error: template home: {{#events}} is never closed [TEMPLATE_INVALID]"), "\(result.stderr)")
        #expect(result.stderr.contains("templates/layout.mustache:3:3: error: template layout: {{>links}} names no template (partial)"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was published"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["index.html"])
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "published earlier\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["site", "templates"])
    }
}
