import Foundation
import Testing

/// Representative pages of the fixture catalog against checked-in HTML.
@Suite struct SiteGoldenTests {
    @Test func homePage() throws {
        try SiteFixture.expectGolden(try #require(try SiteFixture.site()["index.html"]), named: "index.html")
    }

    @Test func eventPage() throws {
        try SiteFixture.expectGolden(try #require(try SiteFixture.site()["events/order.placed.v2.html"]), named: "order.placed.v2.html")
    }

    @Test func servicePage() throws {
        try SiteFixture.expectGolden(try #require(try SiteFixture.site()["services/checkout.html"]), named: "checkout.html")
    }

    @Test func searchIndex() throws {
        try SiteFixture.expectGolden(try #require(try SiteFixture.site()["search-index.js"]), named: "search-index.js")
    }

    /// Without a base URL the 404 page links relative to the site root (it works at the root and from file://).
    @Test func notFoundPage() throws {
        try SiteFixture.expectGolden(try #require(try SiteFixture.site()["404.html"]), named: "404.html")
    }

    /// With a base URL every link and asset of the 404 page is absolute, so it works at any missing address.
    @Test func notFoundPageWithBaseURL() throws {
        let page = try #require(try SiteFixture.site(baseURL: "https://catalog.example.com/shop")["404.html"])
        try SiteFixture.expectGolden(page, named: "404-base-url.html")
    }

    @Test func outputIsDeterministic() throws {
        #expect(try SiteFixture.site() == SiteFixture.site())
    }
}
