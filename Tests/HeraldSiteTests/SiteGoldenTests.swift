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

    @Test func outputIsDeterministic() throws {
        #expect(try SiteFixture.site() == SiteFixture.site())
    }
}
