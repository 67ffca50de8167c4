import HeraldAvro
import HeraldCatalog

/// The translator's first stage: which channels, messages and service roles a resolved catalog describes,
/// named and ordered once so every document (per service, whole catalog, 3.0 or 2.6) agrees on them.
public struct CatalogTopology: Sendable {
    /// Channels by ID, sorted by ID: one per topic, one per dead-letter topic.
    public var channels: [Channel]
    /// Messages by ID, sorted by ID: one per event schema version that parsed.
    public var messages: [Message]
    /// Events that made it into the topology (a manifest that parsed), sorted by name.
    public var events: [ResolvedEvent]
    /// Each event's name → the events that supersede it.
    public var supersededBy: [String: [String]]
    /// Index into `channels` by ID.
    var channelIndex: [String: Int] = [:]
    /// Indices into `messages` by event name, oldest version first.
    var messagesByEvent: [String: [Int]] = [:]
    /// Indices into `events` (ascending) by the ID of a service producing them.
    var eventsByProducer: [String: [Int]] = [:]
    /// Indices into `events` (ascending) by the ID of a service consuming them.
    var eventsByConsumer: [String: [Int]] = [:]
    /// Each event's dead-letter policy and topic, by index into `events`; nil without a DLQ policy.
    var deadLetters: [DeadLetterRoute?] = []

    /// An event's effective DLQ policy and the topic its failed records go to.
    struct DeadLetterRoute: Sendable {
        var policy: DLQPolicy
        var topic: String
    }

    /// A Kafka topic as an AsyncAPI channel.
    public struct Channel: Sendable, Hashable {
        /// The document-local key: the address with characters outside `[A-Za-z0-9._-]` replaced by `_`.
        public var id: String
        /// The topic name.
        public var address: String
        /// Events whose records flow on the topic, sorted.
        public var events: [String]
        /// For a dead-letter channel, the topic whose failed records it holds.
        public var deadLetterOf: String?
        /// Message IDs, sorted.
        public var messageIDs: [String]
        /// Partitions when an event states them (the largest, should events disagree).
        public var partitions: Int?
        /// True when an event on the topic is tagged `compacted`.
        public var compacted: Bool
        /// Producing services, sorted.
        public var producers: [String]
        /// Consuming services, sorted.
        public var consumers: [String]
    }

    /// One schema version of one event.
    public struct Message: Sendable {
        /// `<event>.v<N>`.
        public var id: String
        /// The event, shared by all its messages: a large catalog has tens of thousands of messages.
        private let box: SharedEvent
        public var event: ResolvedEvent { box.event }
        public var version: Int
        public var schema: AvroSchema
        /// True for the event's highest version.
        public var isLatest: Bool
        /// The ID of the event's channel.
        public var channelID: String
        /// The index of the event in `CatalogTopology.events`.
        var eventIndex: Int

        init(id: String, event: SharedEvent, eventIndex: Int, version: Int, schema: AvroSchema, isLatest: Bool, channelID: String) {
            self.id = id
            self.box = event
            self.eventIndex = eventIndex
            self.version = version
            self.schema = schema
            self.isLatest = isLatest
            self.channelID = channelID
        }
    }

    /// One event held once and referenced by each of its messages.
    final class SharedEvent: Sendable {
        let event: ResolvedEvent
        init(_ event: ResolvedEvent) { self.event = event }
    }

    /// The channel holding an event's records.
    public func channel(of event: ResolvedEvent) -> Channel? {
        channelIndex[Self.channelID(event.topic)].map { channels[$0] }
    }

    /// The dead-letter channel of an event, when its DLQ policy enables one.
    public func deadLetterChannel(of event: ResolvedEvent, in catalog: ResolvedCatalog) -> Channel? {
        guard let address = Self.deadLetterAddress(of: event, in: catalog) else { return nil }
        return channelIndex[Self.channelID(address)].map { channels[$0] }
    }

    /// The index in `channels` of the channel holding the records of the event at `index` in `events`.
    func channelIndex(ofEvent index: Int) -> Int? { channelIndex[Self.channelID(events[index].topic)] }

    /// The index in `channels` of the dead-letter channel of the event at `index` in `events`.
    func deadLetterChannelIndex(ofEvent index: Int) -> Int? {
        deadLetters[index].flatMap { channelIndex[Self.channelID($0.topic)] }
    }

    /// Tags of the events at these indices of `events`, sorted, each once.
    func tags<Indices: Sequence<Int>>(of indices: Indices) -> [String] {
        var tags = Set<String>()
        for index in indices { for tag in events[index].manifest?.tags ?? [] { tags.insert(tag.value) } }
        return tags.sorted()
    }

    /// The messages of one event, oldest version first.
    public func messages(of event: String) -> [Message] {
        (messagesByEvent[event] ?? []).map { messages[$0] }
    }

    /// Adds the indices into `messages` of the messages with this ID.
    func insertMessageIndices(id: String, into indices: inout Set<Int>) {
        guard var index = messages.binarySearchIndex(id: id) else { return }
        while index < messages.count, messages[index].id == id {
            indices.insert(index)
            index += 1
        }
    }

    public func message(id: String) -> Message? {
        guard let index = messages.binarySearchIndex(id: id) else { return nil }
        return messages[index]
    }

    public static func build(from catalog: ResolvedCatalog) -> CatalogTopology {
        // Chosen and sorted by index, so each event is copied once, into `events`.
        let all = catalog.events
        let events = all.indices.filter { index in
            all[index].manifest != nil && catalog.eventIndex[all[index].name].map { all[$0].folder == all[index].folder } == true
        }.sorted { all[$0].name < all[$1].name }.map { all[$0] }
        var messages: [Message] = []
        var channels: [String: ChannelMembers] = [:]
        var supersededBy: [String: [String]] = [:]

        func add(to id: String, address: String, event: ResolvedEvent, messageIDs: [String], deadLetterOf: String?) {
            var members = channels[id] ?? ChannelMembers(channel: Channel(
                id: id, address: address, events: [], deadLetterOf: deadLetterOf, messageIDs: [], partitions: nil, compacted: false,
                producers: [], consumers: []))
            members.events.insert(event.name)
            members.messageIDs.formUnion(messageIDs)
            if deadLetterOf == nil, members.channel.deadLetterOf == nil, let manifest = event.manifest {
                if let partitions = manifest.partitions?.value { members.channel.partitions = max(members.channel.partitions ?? 0, partitions) }
                if manifest.tags.contains(where: { $0.value == "compacted" }) { members.channel.compacted = true }
                members.producers.formUnion(manifest.producers.map(\.value))
                members.consumers.formUnion(manifest.consumers.map(\.value))
            }
            channels[id] = members
        }

        for (eventIndex, event) in events.enumerated() {
            let channelID = Self.channelID(event.topic)
            let parsed = event.versions.filter { $0.schema != nil }
            var ids: [String] = []
            let shared = SharedEvent(event)
            for version in parsed {
                guard let schema = version.schema else { continue }
                let id = messageID(event: event.name, version: version.number)
                ids.append(id)
                messages.append(Message(
                    id: id, event: shared, eventIndex: eventIndex, version: version.number, schema: schema, isLatest: version.number == parsed.last?.number,
                    channelID: channelID))
            }
            add(to: channelID, address: event.topic, event: event, messageIDs: ids, deadLetterOf: nil)
            if let address = deadLetterAddress(of: event, in: catalog) {
                add(to: Self.channelID(address), address: address, event: event, messageIDs: ids, deadLetterOf: event.topic)
            }
            if let old = event.manifest?.supersedes?.value { supersededBy[old, default: []].append(event.name) }
        }
        for key in supersededBy.keys { supersededBy[key]?.sort() }
        var topology = CatalogTopology(
            channels: channels.values.map(\.sorted).sorted { $0.id < $1.id }, messages: messages.sorted { $0.id < $1.id }, events: events,
            supersededBy: supersededBy)
        for (index, event) in events.enumerated() {
            for id in Set(event.manifest?.producers.map(\.value) ?? []) { topology.eventsByProducer[id, default: []].append(index) }
            for id in Set(event.manifest?.consumers.map(\.value) ?? []) { topology.eventsByConsumer[id, default: []].append(index) }
        }
        for (index, channel) in topology.channels.enumerated() { topology.channelIndex[channel.id] = index }
        topology.deadLetters = events.map { event in
            guard let policy = deadLetterPolicy(of: event, in: catalog), let topic = deadLetterAddress(of: event, in: catalog) else { return nil }
            return DeadLetterRoute(policy: policy, topic: topic)
        }
        for (index, message) in topology.messages.enumerated() { topology.messagesByEvent[message.event.name, default: []].append(index) }
        for key in topology.messagesByEvent.keys {
            topology.messagesByEvent[key]?.sort { topology.messages[$0].version < topology.messages[$1].version }
        }
        return topology
    }

    /// A channel being gathered from its events: the member lists as sets, sorted once at the end.
    private struct ChannelMembers {
        var channel: Channel
        var events: Set<String> = []
        var messageIDs: Set<String> = []
        var producers: Set<String> = []
        var consumers: Set<String> = []

        var sorted: Channel {
            var channel = channel
            channel.events = events.sorted()
            channel.messageIDs = messageIDs.sorted()
            channel.producers = producers.sorted()
            channel.consumers = consumers.sorted()
            return channel
        }
    }

    /// `<event>.v<N>`.
    public static func messageID(event: String, version: Int) -> String { "\(event).v\(version)" }

    /// A component key for a topic: AsyncAPI keys allow `[A-Za-z0-9._-]`, which is also Kafka's topic alphabet.
    public static func channelID(_ address: String) -> String {
        let mapped = String(String.UnicodeScalarView(address.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": scalar
            default: "_"
            }
        }))
        return mapped.isEmpty ? "_" : mapped
    }

    /// The event's effective DLQ policy (see `ResolvedCatalog.deadLetterPolicy(of:)`).
    public static func deadLetterPolicy(of event: ResolvedEvent, in catalog: ResolvedCatalog) -> DLQPolicy? {
        catalog.deadLetterPolicy(of: event)
    }

    /// The dead-letter topic (see `ResolvedCatalog.deadLetterTopic(of:)`).
    public static func deadLetterAddress(of event: ResolvedEvent, in catalog: ResolvedCatalog) -> String? {
        catalog.deadLetterTopic(of: event)
    }
}

extension [CatalogTopology.Message] {
    /// The index of the message with this ID in an array sorted by ID.
    func binarySearchIndex(id: String) -> Int? {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low].id == id ? low : nil
    }
}

extension [String] {
    /// Whether an array sorted ascending holds this string.
    func sortedContains(_ item: String) -> Bool {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < item { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == item
    }
}
