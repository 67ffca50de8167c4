import HeraldAvro
import HeraldCatalog

/// The offline search index: a script assigning `window.heraldSearchIndex`, so it loads from `file://` too.
struct SearchIndex {
    let renderer: SiteRenderer

    /// `search-index.js`: entries `[kind, name, summary, url, keywords]`, events first, in name order.
    func script() -> String {
        var entries: [JSONValue] = []
        let catalog = renderer.catalog
        for index in renderer.siteIndex.eventOrder {
            let event = catalog.events[index]
            let manifest = event.manifest
            var keywords: [String] = []
            if let schema = event.latest?.schema { keywords += Self.fieldNames(schema) }
            keywords += manifest?.tags.map(\.value) ?? []
            keywords += manifest?.producers.map(\.value) ?? []
            keywords += manifest?.consumers.map(\.value) ?? []
            if let owner = manifest?.owner?.value { keywords.append(owner) }
            keywords.append(event.topic)
            entries.append(Self.entry("event", event.name, manifest?.summary?.value ?? "", renderer.eventURL(index), keywords))
        }
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
        var out: [UInt8] = Array("window.heraldSearchIndex = ".utf8)
        JSONWriter().write(.array(entries), into: &out)
        out += Array(";\n".utf8)
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
