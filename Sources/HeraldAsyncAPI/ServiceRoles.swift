import HeraldCatalog

/// What one service does with the catalog's events: the application a per-service document describes.
struct ServiceRoles: Sendable {
    var service: CatalogManifest.Service
    /// Events it produces, sorted by name.
    var produces: [ResolvedEvent]
    /// Events it consumes, sorted by name.
    var consumes: [ResolvedEvent]
    /// Channels it touches (its events' topics and the dead-letter topics of what it consumes), sorted by ID.
    var channels: [CatalogTopology.Channel]

    var id: String { service.id.value }

    /// Every event the service touches, sorted by name, each once.
    var events: [ResolvedEvent] {
        var seen = Set<String>()
        return (produces + consumes).sorted { $0.name < $1.name }.filter { seen.insert($0.name).inserted }
    }

    init(service: CatalogManifest.Service, topology: CatalogTopology, catalog: ResolvedCatalog) {
        self.service = service
        let id = service.id.value
        produces = topology.events.filter { $0.manifest?.producers.contains { $0.value == id } == true }
        consumes = topology.events.filter { $0.manifest?.consumers.contains { $0.value == id } == true }
        var channelIDs = Set<String>()
        for event in produces + consumes {
            if let channel = topology.channel(of: event) { channelIDs.insert(channel.id) }
        }
        for event in consumes {
            if let channel = topology.deadLetterChannel(of: event, in: catalog) { channelIDs.insert(channel.id) }
        }
        channels = topology.channels.filter { channelIDs.contains($0.id) }
    }

    /// The message IDs on its channels, sorted.
    var messageIDs: [String] { Array(Set(channels.flatMap(\.messageIDs))).sorted() }

    /// `info.description`: the service's own text and what it exchanges.
    var infoDescription: String {
        var text = service.description?.value ?? ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if !text.isEmpty { text += "\n" }
        if let owner = service.owner?.value { text += "Owned by `\(owner)`.\n" }
        if !produces.isEmpty { text += "\nProduces: " + produces.map { "`\($0.name)`" }.joined(separator: ", ") + ".\n" }
        if !consumes.isEmpty { text += "\nConsumes: " + consumes.map { "`\($0.name)`" }.joined(separator: ", ") + ".\n" }
        return text
    }

    /// Tags of the events it touches, sorted, each once.
    var tags: [String] { Array(Set(events.flatMap { $0.manifest?.tags.map(\.value) ?? [] })).sorted() }
}
