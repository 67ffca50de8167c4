import HeraldCatalog
import HeraldSite

/// What the live layer needs of the catalog: each event's topic, dead-letter topic, examples and page.
public struct LiveCatalog: Sendable {
    public struct Example: Sendable, Hashable {
        /// The example file, from `examples/`.
        public var file: String
        public var text: String
        /// True for the files under `examples/invalid/`, which the catalog says must fail.
        public var meantInvalid: Bool
    }

    public struct Event: Sendable {
        public var name: String
        public var topic: String
        public var deadLetterTopic: String?
        /// The event's page in the site, such as `events/vehicle.configured.html`.
        public var page: String
        public var examples: [Example]
        public var resolved: ResolvedEvent
    }

    /// The catalog the events come from (for record keys).
    public let catalog: ResolvedCatalog?
    public let events: [String: Event]
    private let eventByPage: [String: String]
    private let eventByTopic: [String: String]

    public init(_ catalog: ResolvedCatalog?) {
        self.catalog = catalog
        guard let catalog else {
            (events, eventByPage, eventByTopic) = ([:], [:], [:])
            return
        }
        let index = SiteIndex(catalog)
        var events: [String: Event] = [:]
        var byPage: [String: String] = [:]
        var byTopic: [String: String] = [:]
        for (position, event) in catalog.events.enumerated() where events[event.name] == nil {
            let examples = event.examples.sorted { $0.source.file < $1.source.file }.map { example in
                let invalid: Bool = if case .invalid = example.kind { true } else { false }
                // Shown relative to the event's folder: `examples/…`.
                let file = example.source.file.range(of: "/examples/", options: .backwards)
                    .map { String(example.source.file[example.source.file.index(after: $0.lowerBound)...]) } ?? example.source.file
                return Example(file: file, text: example.source.text, meantInvalid: invalid)
            }
            let page = "events/\(index.eventSlugs[position]).html"
            events[event.name] = Event(name: event.name, topic: event.topic, deadLetterTopic: catalog.deadLetterTopic(of: event),
                                       page: page, examples: examples, resolved: event)
            byPage[page] = event.name
            if byTopic[event.topic] == nil { byTopic[event.topic] = event.name }
        }
        (self.events, eventByPage, eventByTopic) = (events, byPage, byTopic)
    }

    /// The event whose page is `path` (relative to the site's root).
    public func event(page path: String) -> Event? {
        eventByPage[path].flatMap { events[$0] }
    }

    /// The event published on `topic`.
    public func event(topic: String) -> Event? {
        eventByTopic[topic].flatMap { events[$0] }
    }

    /// The events whose dead-letter topic is `topic`.
    public func events(deadLetterTopic topic: String) -> [Event] {
        events.values.filter { $0.deadLetterTopic == topic }.sorted { $0.name < $1.name }
    }
}
