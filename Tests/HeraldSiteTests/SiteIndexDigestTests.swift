import Foundation
import HeraldCatalog
import HeraldSite
import Testing

/// `SiteIndex.digest` stands for `==` between builds in different processes, so it must cover every property.
@Suite struct SiteIndexDigestTests {
    @Test func theDigestCoversEveryStoredProperty() throws {
        let index = SiteIndex(try SiteFixture.catalog())
        // Ten stored properties are digested; one added to SiteIndex must be added to `digest` too.
        #expect(Mirror(reflecting: index).children.count == 10)
        #expect(index.digest == SiteIndex(try SiteFixture.catalog()).digest)
    }

    @Test func anyChangeOfTheCrossReferencesChangesTheDigest() throws {
        let index = SiteIndex(try SiteFixture.catalog())
        var changes: [SiteIndex] = []
        var moved = index
        moved.eventOrder.reverse()
        changes.append(moved)
        var slug = index
        slug.eventSlugs[0] += "-x"
        changes.append(slug)
        var consumer = index
        consumer.services[0].consumes.append(0)
        changes.append(consumer)
        var superseded = index
        superseded.supersededBy["x"] = [0]
        changes.append(superseded)
        var team = index
        team.teams[0].services.append("x")
        changes.append(team)
        for change in changes { #expect(change != index && change.digest != index.digest) }
    }
}
