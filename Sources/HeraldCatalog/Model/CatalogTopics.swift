/// A Kafka topic the catalog declares: an event's topic or its dead-letter topic.
public struct CatalogTopic: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// The events published on it (several events may share a dead-letter topic).
    public var events: [String]
    /// True for a dead-letter topic.
    public var isDeadLetter: Bool

    public init(name: String, partitions: Int, events: [String], isDeadLetter: Bool) {
        self.name = name
        self.partitions = partitions
        self.events = events
        self.isDeadLetter = isDeadLetter
    }
}

extension ResolvedCatalog {
    /// The event's effective DLQ policy: its override merged over the catalog default; nil when it has none or disables it.
    public func deadLetterPolicy(of event: ResolvedEvent) -> DLQPolicy? {
        let defaults = manifest.defaults.dlq
        guard let policy = event.manifest?.dlq.map({ $0.merged(over: defaults) }) ?? defaults else { return nil }
        return policy.enabled == false ? nil : policy
    }

    /// The event's dead-letter topic: its own `dlq.topic`, else `<topic>.dlq`; nil without a DLQ policy.
    public func deadLetterTopic(of event: ResolvedEvent) -> String? {
        guard deadLetterPolicy(of: event) != nil else { return nil }
        return event.manifest?.dlq?.topic ?? event.topic + ".dlq"
    }

    /// What the embedded broker does with a produced record that breaks the event's contract: the event's
    /// `onInvalid`, else the catalog default, else `reject`.
    public func invalidRecordAction(of event: ResolvedEvent) -> InvalidRecordAction {
        event.manifest?.onInvalid?.value ?? manifest.defaults.onInvalid?.value ?? .reject
    }

    /// Every topic the catalog declares, sorted by name: each event's topic with its partitions (default 1),
    /// and each dead-letter topic with as many partitions as the largest topic feeding it.
    public var topics: [CatalogTopic] {
        var byName: [String: CatalogTopic] = [:]
        func add(_ name: String, partitions: Int, event: String, deadLetter: Bool) {
            if var existing = byName[name] {
                existing.partitions = max(existing.partitions, partitions)
                if !existing.events.contains(event) { existing.events.append(event) }
                byName[name] = existing
            } else {
                byName[name] = CatalogTopic(name: name, partitions: partitions, events: [event], isDeadLetter: deadLetter)
            }
        }
        for event in events {
            let partitions = max(1, event.manifest?.partitions?.value ?? 1)
            add(event.topic, partitions: partitions, event: event.name, deadLetter: false)
            if let dlq = deadLetterTopic(of: event) {
                add(dlq, partitions: partitions, event: event.name, deadLetter: true)
            }
        }
        return byName.values
            .map { topic in var topic = topic; topic.events.sort(); return topic }
            .sorted { $0.name < $1.name }
    }
}
