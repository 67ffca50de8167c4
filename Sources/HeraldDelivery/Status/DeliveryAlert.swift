/// Raised when a record is dead-lettered (or, without a dead-letter topic, given up on) after its last attempt.
public struct DeliveryAlert: Sendable, Hashable, Codable {
    /// Counts from 1 in this `serve`.
    public var id: Int
    /// Milliseconds since the epoch.
    public var time: Int64
    public var service: String
    public var event: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var eventId: String?
    public var attempts: Int
    /// The last failure's HTTP status, or `timeout`, `unreachable`, `undeliverable`.
    public var status: String
    /// The start of the endpoint's answer, or the error's message.
    public var reason: String
    /// nil when the event has no dead-letter topic and the record was skipped.
    public var deadLetterTopic: String?
    public var deadLetterOffset: Int64?

    public init(id: Int, time: Int64, service: String, event: String, topic: String, partition: Int32, offset: Int64, eventId: String?,
                attempts: Int, status: String, reason: String, deadLetterTopic: String?, deadLetterOffset: Int64?) {
        self.id = id
        self.time = time
        self.service = service
        self.event = event
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.eventId = eventId
        self.attempts = attempts
        self.status = status
        self.reason = reason
        self.deadLetterTopic = deadLetterTopic
        self.deadLetterOffset = deadLetterOffset
    }

    /// One line for the log and the site's banner.
    public var message: String {
        let whereTo = deadLetterTopic.map { "dead-lettered to \($0)" + (deadLetterOffset.map { " at offset \($0)" } ?? "") }
            ?? "skipped (the event has no dead-letter topic)"
        return "delivery of \(event) (\(topic)/\(partition)@\(offset)) to \(service) failed after \(attempts) attempts "
            + "(\(status)): \(whereTo)"
    }
}
