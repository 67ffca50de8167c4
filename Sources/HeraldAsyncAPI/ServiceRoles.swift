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
        produces = (topology.eventsByProducer[id] ?? []).map { topology.events[$0] }
        consumes = (topology.eventsByConsumer[id] ?? []).map { topology.events[$0] }
        // Channels are sorted by ID, so their indices, sorted, give the channels in order.
        var channelIndices = Set<Int>()
        for event in produces + consumes {
            if let index = topology.channelIndex[CatalogTopology.channelID(event.topic)] { channelIndices.insert(index) }
        }
        for event in consumes {
            guard let address = CatalogTopology.deadLetterAddress(of: event, in: catalog) else { continue }
            if let index = topology.channelIndex[CatalogTopology.channelID(address)] { channelIndices.insert(index) }
        }
        channels = channelIndices.sorted().map { topology.channels[$0] }
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
