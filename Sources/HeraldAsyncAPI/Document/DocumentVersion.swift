import HeraldAvro
import HeraldCatalog

/// `info.version` and `x-herald-content-hash`, derived from the catalog content alone (no clock, no git).
///
/// The version is `1.<N>.0` where N is the number of schema versions of the events the document describes: versions
/// are append-only (a published version never changes, a breaking change is a new event), so N grows with every
/// contract change a reader of the document could notice in a payload. The content hash tells apart documents
/// whose schemas differ otherwise (a new event replacing a deleted one).
enum DocumentVersion {
    /// `events` are indices into `topology.events`.
    static func version(of events: [Int], topology: CatalogTopology) -> String {
        "1.\(events.reduce(0) { $0 + topology.events[$1].versions.count { $0.schema != nil } }).0"
    }

    /// The first 12 hex digits of SHA-256 over `event, version, SHA-256 of the canonical form` lines, sorted.
    static func contentHash(of events: [Int], topology: CatalogTopology, fingerprints: [SchemaFingerprints]) -> String {
        var lines: [String] = []
        for event in events {
            for index in topology.messagesByEvent[topology.events[event].name] ?? [] { lines.append(fingerprints[index].contentLine) }
        }
        let digest = SHA256.digest(Array(lines.sorted().joined().utf8))
        return String(Hex.bytes(digest).prefix(12))
    }
}

/// The Rabin and SHA-256 fingerprints of a message's schema (of its Parsing Canonical Form).
struct SchemaFingerprints: Sendable {
    var rabin: UInt64
    var sha256: [UInt8]
    /// `<event>\t<version>\t<sha256 hex>\n`, the message's line in the content hash of every document listing it.
    var contentLine: String

    init(_ message: CatalogTopology.Message) {
        // The resolver keeps each version's canonical form: hashing it needs no second walk of the schema.
        let form = message.event.versions.first { $0.number == message.version }?.canonicalForm ?? message.schema.canonicalForm
        let bytes = Array(form.utf8)
        rabin = RabinFingerprint.fingerprint(bytes)
        sha256 = SHA256.digest(bytes)
        contentLine = "\(message.event.name)\t\(message.version)\t\(Hex.bytes(sha256))\n"
    }

    /// The fingerprints of every message, in order, computed on all cores.
    static func of(_ messages: [CatalogTopology.Message]) -> [SchemaFingerprints] {
        ParallelMap.map(messages, SchemaFingerprints.init)
    }
}
