import HeraldCatalog

/// What produce-time validation enforces on one topic, as the catalog declares it. Which schemas the subjects hold
/// comes from a `ProduceSchemaSource` (the registry), so a topic whose value subject does not exist there is not checked.
public struct TopicContract: Sendable, Hashable {
    public var topic: String
    /// The event published on it.
    public var event: String
    /// The registry subject of record values, `<topic>-value`.
    public var valueSubject: String
    /// The registry subject of record keys, `<topic>-key`; keys are checked only where it exists.
    public var keySubject: String
    /// The value's top-level field that identifies an event; it must be present and non-empty.
    public var idField: String
    /// What happens to a record that breaks the contract.
    public var onInvalid: InvalidRecordAction
    /// Where `dlq` sends invalid records; nil when the event has no dead-letter topic (then `dlq` acts as `reject`).
    public var deadLetterTopic: String?

    /// A contract for `topic` with the subject names of Confluent's default TopicNameStrategy.
    public init(topic: String, event: String, idField: String = "eventId", onInvalid: InvalidRecordAction = .reject,
                deadLetterTopic: String? = nil) {
        self.topic = topic
        self.event = event
        self.valueSubject = SubjectNaming.value(topic: topic)
        self.keySubject = SubjectNaming.key(topic: topic)
        self.idField = idField
        self.onInvalid = onInvalid
        self.deadLetterTopic = deadLetterTopic
    }

    /// The contract of every event topic of `catalog`, sorted by topic; the first event wins where two share a
    /// topic (which `TOPIC_DUPLICATE` reports).
    public static func contracts(from catalog: ResolvedCatalog) -> [TopicContract] {
        var byTopic: [String: TopicContract] = [:]
        for event in catalog.events where byTopic[event.topic] == nil {
            byTopic[event.topic] = TopicContract(
                topic: event.topic, event: event.name, idField: event.manifest?.idField?.value ?? "eventId",
                onInvalid: catalog.invalidRecordAction(of: event), deadLetterTopic: catalog.deadLetterTopic(of: event))
        }
        return byTopic.values.sorted { $0.topic < $1.topic }
    }
}
