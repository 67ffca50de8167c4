import Foundation
import HeraldCatalog
import HeraldDiagnostics
@testable import HeraldSite
import Testing

/// A user's templates folder laid over Herald's own: only what it holds changes, Herald's templates stay reachable as
/// `herald/<name>`, and broken templates are diagnostics at their file, line and column.
@Suite struct SiteTemplateOverlayTests {
    /// A folder holding `files` (relative path → text), removed by the caller.
    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-overlay-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    func site(_ templates: SiteTemplates) throws -> [String: String] {
        let files = try SiteGenerator(options: SiteOptions(templates: templates)).render(try SiteFixture.catalog())
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    func overlay(_ files: [String: String]) throws -> (SiteTemplates, URL) {
        let user = try folder(files)
        let templates = try SiteTemplates.load(builtIn: .init(url: SiteFixture.templatesDirectory), overlay: .init(url: user, displayPath: "mine"))
        return (templates, user)
    }

    static let footer = """
        {{<herald/layout}}
        {{$footer}}
        <p>Questions? <a href="https://wiki.example.com/events">#events on Slack</a></p>
        {{/footer}}
        {{/herald/layout}}

        """

    static let defaultFooter = "  <p>Built by Herald from the catalog's Avro schemas and YAML. Works without JavaScript; search needs it.</p>\n"

    @Test func anEmptyOverlayRendersHeraldsSite() throws {
        let (templates, user) = try overlay([:])
        defer { try? FileManager.default.removeItem(at: user) }
        #expect(try site(templates) == (try site(SiteFixture.templates())))
    }

    /// The five-line footer of docs/site.md: every page gets it in place of Herald's, and nothing else changes.
    @Test func aFiveLineLayoutOverridesTheFooterOnly() throws {
        let (templates, user) = try overlay(["layout.mustache": Self.footer])
        defer { try? FileManager.default.removeItem(at: user) }
        #expect(Self.footer.split(separator: "\n").count == 5)
        let own = try site(SiteFixture.templates()), changed = try site(templates)
        #expect(own.keys.sorted() == changed.keys.sorted())
        let replacement = "  <p>Questions? <a href=\"https://wiki.example.com/events\">#events on Slack</a></p>\n"
        var pages = 0
        for (path, text) in own {
            guard path.hasSuffix(".html") else {
                #expect(changed[path] == text, "\(path)")
                continue
            }
            pages += 1
            #expect(text.components(separatedBy: Self.defaultFooter).count == 2, "\(path)")
            #expect(changed[path] == text.replacingOccurrences(of: Self.defaultFooter, with: replacement), "\(path)")
        }
        #expect(pages > 5)
        try SiteFixture.expectGolden(changed["index.html"] ?? "", named: "overlay-footer-index.html")
    }

    @Test func anOverlayPartialReplacesHeraldsInsideHeraldsTemplates() throws {
        let (templates, user) = try overlay(["search-form.mustache": "<p>no search here</p>\n", "assets/extra.css": "p { color: red }\n"])
        defer { try? FileManager.default.removeItem(at: user) }
        let pages = try site(templates)
        let event = try #require(pages["events/order.placed.v2.html"])
        #expect(event.contains("    <p>no search here</p>\n"))
        #expect(!event.contains("role=\"combobox\""))
        #expect(pages["assets/extra.css"] == "p { color: red }\n")
        #expect(pages["assets/site.css"] != nil)
    }

    @Test func eventPageBlocksCanBeOverridden() throws {
        let event = """
            {{<herald/event}}
            {{$extraSections}}
            <section aria-labelledby="runbook"><h2 id="runbook">Runbook</h2><p>{{name}} is owned by {{#owner}}{{name}}{{/owner}}.</p></section>
            {{/extraSections}}
            {{$examplesSection}}
            {{/examplesSection}}
            {{/herald/event}}

            """
        let (templates, user) = try overlay(["event.mustache": event])
        defer { try? FileManager.default.removeItem(at: user) }
        let page = try #require(try site(templates)["events/order.placed.v2.html"])
        #expect(page.contains(#"<section aria-labelledby="runbook"><h2 id="runbook">Runbook</h2><p>order.placed.v2 is owned by"#))
        #expect(!page.contains("examples-heading"))
        #expect(page.contains("versions-heading"))
    }

    @Test func heraldsOwnTemplatesAreAlsoUnderTheirHeraldName() throws {
        let templates = try SiteFixture.templates()
        for name in SiteTemplates.requiredTemplates {
            #expect(templates.templates["herald/" + name] == templates.templates[name])
        }
    }

    // MARK: Errors

    func problems(_ files: [String: String]) throws -> [Diagnostic] {
        let user = try folder(files)
        defer { try? FileManager.default.removeItem(at: user) }
        do {
            _ = try SiteTemplates.load(builtIn: .init(url: SiteFixture.templatesDirectory), overlay: .init(url: user, displayPath: "mine"))
        } catch let error as SiteTemplateError {
            return error.diagnostics
        }
        Issue.record("the templates loaded")
        return []
    }

    @Test func templateErrorsAreDiagnosticsAtFileLineAndColumn() throws {
        let found = try problems([
            "layout.mustache": "{{<herald/layout}}\n{{$footer}}\n  {{>footer-links}}\n{{/footer}}\n{{/herald/layout}}\n",
            "home.mustache": "<h1>{{title}}</h1>\n<p>{{#events}}{{name}}</p>\n",
            "team.mustache": "x\n  {{<herald/tea}}{{/herald/tea}}\n",
        ])
        #expect(found.map { $0.location?.description ?? "" } == ["mine/home.mustache:2:4", "mine/layout.mustache:3:3", "mine/team.mustache:2:3"])
        #expect(found.allSatisfy { $0.rule == "TEMPLATE_INVALID" && $0.severity == .error })
        #expect(found[0].message == "template home: {{#events}} is never closed")
        #expect(found[1].message == "template layout: {{>footer-links}} names no template (partial): there is no footer-links.mustache")
        #expect(found[2].message == "template team: {{<herald/tea}} names no template (parent): there is no herald/tea.mustache")
    }

    @Test func brokenTemplatesGivenInMemoryStopTheSite() throws {
        var templates = try SiteFixture.templates()
        templates.templates["home"] = "{{>nowhere}}"
        let catalog = try SiteFixture.catalog()
        #expect(throws: SiteTemplateError.self) { try SiteGenerator(options: SiteOptions(templates: templates)).render(catalog) }
    }

    @Test func withoutHeraldsTemplatesTheOverlayMustHoldEveryPage() throws {
        let user = try folder(["layout.mustache": Self.footer])
        defer { try? FileManager.default.removeItem(at: user) }
        #expect(throws: SiteError.self) { try SiteTemplates.load(builtIn: nil, overlay: .init(url: user)) }
    }
}
