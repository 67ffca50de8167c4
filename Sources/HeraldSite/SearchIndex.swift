import HeraldAvro
import HeraldCatalog

/// Each event's entry in the search index as compact JSON, by event index: a generation that renders only some events
/// again takes the others' entries over instead of walking every latest schema for its field names.
public struct SearchRows: Sendable {
    var events: [[UInt8]]
}

/// The offline search index: a script assigning `window.heraldSearchIndex`, so it loads from `file://` too.
struct SearchIndex {
    let renderer: SiteRenderer

    /// One event's entry.
    func eventEntry(_ index: Int) -> JSONValue {
        let event = renderer.catalog.events[index]
        let manifest = event.manifest
        var keywords: [String] = []
        if let schema = event.latest?.schema { keywords += Self.fieldNames(schema) }
        keywords += manifest?.tags.map(\.value) ?? []
        keywords += manifest?.producers.map(\.value) ?? []
        keywords += manifest?.consumers.map(\.value) ?? []
        if let owner = manifest?.owner?.value { keywords.append(owner) }
        keywords.append(event.topic)
        return Self.entry("event", event.name, manifest?.summary?.value ?? "", renderer.eventURL(index), keywords)
    }

    /// Every event's entry as JSON text; with `previous` (the entries of a catalog with the same events in the same
    /// order and the same site index), only the events in `changed` are made again.
    func rows(reusing previous: SearchRows?, changed: Set<Int>) -> SearchRows {
        let count = renderer.catalog.events.count
        if let previous, previous.events.count == count {
            var rows = previous
            for index in changed { rows.events[index] = Self.json(eventEntry(index)) }
            return rows
        }
        return SearchRows(events: (0..<count).map { Self.json(eventEntry($0)) })
    }

    static func json(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter().write(value, into: &out)
        return out
    }

    /// `search-index.js`: entries `[kind, name, summary, url, keywords]`, events first, in name order. `rows`: the
    /// events' entries already made (else they are made here).
    func script(rows: SearchRows? = nil) -> String {
        var out: [UInt8] = Array("window.heraldSearchIndex = [".utf8)
        var first = true
        for index in renderer.siteIndex.eventOrder {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if let rows {
                out += rows.events[index]
            } else {
                JSONWriter().write(eventEntry(index), into: &out)
            }
        }
        var entries: [JSONValue] = []
        let catalog = renderer.catalog
        for service in renderer.siteIndex.services {
            let declared = catalog.services[service.id]
            entries.append(Self.entry("service", declared?.name?.value ?? service.id, declared?.description?.value ?? "",
                                      renderer.serviceTarget(service.id).url ?? "", [service.id, declared?.owner?.value ?? ""]))
        }
        for team in renderer.siteIndex.teams {
            let declared = catalog.teams[team.id]
            entries.append(Self.entry("team", declared?.name?.value ?? team.id, declared?.slack?.value ?? "",
                                      renderer.teamTarget(team.id).url ?? "", [team.id]))
        }
        for domain in renderer.siteIndex.domains {
            entries.append(Self.entry("domain", domain.name, "\(domain.events.count) events", "domains/\(domain.slug).html", []))
        }
        // The compact writer's array: items separated by commas, no whitespace.
        for entry in entries {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONWriter().write(entry, into: &out)
        }
        out += Array("];\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func entry(_ kind: String, _ name: String, _ summary: String, _ url: String, _ keywords: [String]) -> JSONValue {
        var seen = Set<String>()
        let unique = keywords.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
        return .array([.string(kind), .string(name), .string(summary), .string(url), .string(unique.joined(separator: " "))])
    }

    /// Every field name in the schema (nested records too), each once, in document order.
    static func fieldNames(_ schema: AvroSchema) -> [String] {
        var names: [String] = []
        var visited: Set<AvroNode.ID> = []
        var stack = [schema.root]
        while let id = stack.popLast() {
            guard visited.insert(id).inserted else { continue }
            switch schema[id].type {
            case .record(let record):
                names += record.fields.map(\.name)
                stack += record.fields.map(\.type).reversed()
            case .array(let items): stack.append(items)
            case .map(let values): stack.append(values)
            case .union(let branches): stack += branches.reversed()
            default: break
            }
        }
        return names
    }
}
