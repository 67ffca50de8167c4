import Foundation
import HeraldSite
import Testing

/// Catalog text cannot inject markup or script, and every link stays inside the site.
@Suite struct SiteSafetyTests {
    @Test func schemaDocsAreEscaped() throws {
        let page = try #require(try SiteFixture.site()["events/order.placed.v2.html"])
        #expect(!page.contains("<script>alert('doc')</script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;doc&#39;)&lt;/script&gt;"))
    }

    @Test func markdownDropsRawHTMLAndScriptLinks() throws {
        let site = try SiteFixture.site()
        let home = try #require(site["index.html"])
        #expect(!home.contains("<script>alert"))
        #expect(!home.contains("javascript:"))
        #expect(home.contains("<a href=\"https://example.com\">good link</a>"))
        let event = try #require(site["events/order.placed.v2.html"])
        #expect(!event.contains("onerror"))
        #expect(!event.contains("<img src=x"))
    }

    @Test func unsafeRepositoryURLIsNotALink() throws {
        let page = try #require(try SiteFixture.site()["services/warehouse.html"])
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("javascript:alert(1)"))
    }

    @Test func namesAreEscapedEverywhere() throws {
        for (path, text) in try SiteFixture.site() where path.hasSuffix(".html") {
            #expect(!text.contains("Analytics <b>"), "\(path) contains an unescaped service name")
        }
    }

    @Test func markdownExtensions() {
        let html = MarkdownRenderer().render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ https://example.com <b>x</b> [x](javascript:alert(1))")
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.com\">"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("javascript:"))
    }

    /// Every href and src is relative and names a file the site contains (anchors aside), schema files included.
    @Test func linksResolveInsideTheSite() throws {
        let site = try SiteFixture.site()
        let pattern = try Regex(#"(?:href|src)="([^"]*)""#)
        for (path, text) in site where path.hasSuffix(".html") {
            let folder = path.split(separator: "/").dropLast().map(String.init)
            for match in text.matches(of: pattern) {
                guard let target = match.output[1].substring.map(String.init) else { continue }
                if target.hasPrefix("#") || target.hasPrefix("https://") || target.hasPrefix("http://") || target.hasPrefix("mailto:") || target.isEmpty { continue }
                #expect(!target.hasPrefix("/"), "\(path) links to absolute \(target)")
                var parts = folder
                for component in target.split(separator: "#")[0].split(separator: "/") {
                    if component == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(String(component)) }
                }
                let resolved = parts.joined(separator: "/")
                #expect(site[resolved] != nil, "\(path) links to missing \(target)")
            }
        }
    }

    @Test func sitemapNeedsABaseURL() throws {
        #expect(try SiteFixture.site()["sitemap.xml"] == nil)
        let sitemap = try #require(try SiteFixture.site(baseURL: "https://catalog.example.com/shop")["sitemap.xml"])
        #expect(sitemap.contains("<loc>https://catalog.example.com/shop/events/order.placed.v2.html</loc>"))
        #expect(!sitemap.contains("404.html"))
    }

    @Test func templatesDirectoryMustHoldEveryPage() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("herald-empty-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: SiteError.self) { try SiteTemplates.load(from: empty) }
    }

    @Test func brokenTemplateIsAnError() throws {
        var templates = try SiteFixture.templates()
        templates.templates["home"] = "{{#unclosed}}"
        let catalog = try SiteFixture.catalog()
        #expect(throws: SiteTemplateError.self) { try SiteGenerator(options: SiteOptions(templates: templates)).render(catalog) }
    }
}
