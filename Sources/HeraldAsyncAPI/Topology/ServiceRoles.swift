import HeraldCatalog

/// What one service does with the catalog's events: the application a per-service document describes. Events and
/// channels are held as indices into the topology (sorted by name and ID), not copied: a large catalog's services
/// each touch thousands.
struct ServiceRoles: Sendable {
    var service: CatalogManifest.Service
    /// Indices into `topology.events` of the events it produces, ascending (so sorted by name).
    var produces: [Int]
    /// Indices into `topology.events` of the events it consumes, ascending.
    var consumes: [Int]
    /// Indices into `topology.channels` of the channels it touches (its events' topics and the dead-letter topics
    /// of what it consumes), ascending (so sorted by ID).
    var channels: [Int]
    /// Indices into `topology.messages` of the messages on its channels, ascending.
    var messages: [Int]

    var id: String { service.id.value }

    /// Every event the service touches, ascending (sorted by name), each once.
    var events: [Int] { Array(Set(produces).union(consumes)).sorted() }

    init(service: CatalogManifest.Service, topology: CatalogTopology) {
        self.service = service
        let id = service.id.value
        produces = topology.eventsByProducer[id] ?? []
        consumes = topology.eventsByConsumer[id] ?? []
        var channelIndices = Set<Int>()
        for index in produces + consumes {
            if let channel = topology.channelIndex(ofEvent: index) { channelIndices.insert(channel) }
        }
        for index in consumes {
            if let channel = topology.deadLetterChannelIndex(ofEvent: index) { channelIndices.insert(channel) }
        }
        channels = channelIndices.sorted()
        var messageIndices = Set<Int>()
        for channel in channels {
            for id in topology.channels[channel].messageIDs { topology.insertMessageIndices(id: id, into: &messageIndices) }
        }
        messages = messageIndices.sorted()
    }

    /// `info.description`: the service's own text and what it exchanges.
    func infoDescription(_ topology: CatalogTopology) -> String {
        var text = service.description?.value ?? ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if !text.isEmpty { text += "\n" }
        if let owner = service.owner?.value { text += "Owned by `\(owner)`.\n" }
        if !produces.isEmpty { text += "\nProduces: " + produces.map { "`\(topology.events[$0].name)`" }.joined(separator: ", ") + ".\n" }
        if !consumes.isEmpty { text += "\nConsumes: " + consumes.map { "`\(topology.events[$0].name)`" }.joined(separator: ", ") + ".\n" }
        return text
    }

    /// Tags of the events it touches, sorted, each once.
    func tags(_ topology: CatalogTopology) -> [String] { topology.tags(of: events) }
}
