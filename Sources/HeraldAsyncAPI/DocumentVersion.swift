import HeraldAvro
import HeraldCatalog

/// `info.version` and `x-herald-content-hash`, derived from the catalog content alone (no clock, no git).
///
/// The version is `1.<N>.0` where N is the number of schema versions of the events the document describes: versions
/// are append-only (a published version never changes, a breaking change is a new event), so N grows with every
/// contract change a reader of the document could notice in a payload. The content hash tells apart documents
/// whose schemas differ otherwise (a new event replacing a deleted one).
enum DocumentVersion {
    static func version(of events: [ResolvedEvent]) -> String {
        "1.\(events.reduce(0) { $0 + $1.versions.count { $0.schema != nil } }).0"
    }

    /// The first 12 hex digits of SHA-256 over `event, version, canonical form` lines, sorted.
    static func contentHash(of events: [ResolvedEvent]) -> String {
        var lines: [String] = []
        for event in events {
            for version in event.versions {
                guard let schema = version.schema else { continue }
                lines.append("\(event.name)\t\(version.number)\t\(schema.canonicalForm)\n")
            }
        }
        let digest = SHA256.digest(Array(lines.sorted().joined().utf8))
        return String(Hex.bytes(digest).prefix(12))
    }
}
