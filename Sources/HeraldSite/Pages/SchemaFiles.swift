import Foundation
import HeraldCatalog

/// Each version's `.avsc` as a file of the site, byte for byte as written, at a stable address: `events/<slug>/v<N>.avsc`,
/// and the latest version again as `events/<slug>/latest.avsc`. Event pages (`events/<slug>.html`) link to them
/// relatively, so the links work from any sub-path and from disk.
enum SchemaFiles {
    /// `events/<slug>/v<N>.avsc`.
    static func path(slug: String, version: Int) -> String { "events/\(slug)/v\(version).avsc" }

    /// `events/<slug>/latest.avsc`.
    static func latestPath(slug: String) -> String { "events/\(slug)/latest.avsc" }

    /// The link from the event's page to a file of its folder.
    static func link(fromEventPage path: String) -> String { String(path.dropFirst("events/".count)) }

    /// The name a browser saves a version under: `<event slug>.v<N>.avsc`.
    static func fileName(slug: String, version: Int) -> String { "\(slug).v\(version).avsc" }

    /// Every version's file and the latest one's again.
    static func files(_ event: ResolvedEvent, slug: String) -> [EmittedFile] {
        var files = event.versions.map { EmittedFile(path: path(slug: slug, version: $0.number), bytes: Data($0.source.text.utf8)) }
        if let latest = event.latest {
            files.append(EmittedFile(path: latestPath(slug: slug), bytes: Data(latest.source.text.utf8)))
        }
        return files
    }
}
