/// One thing delivery did with one record for one service: delivered it, failed an attempt (and will retry),
/// dead-lettered it, or skipped it as a duplicate. Kept on the `DeliveryBoard` for the live stream and for traces.
public struct DeliveryStep: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case delivered
        case retrying
        case deadLettered = "dead-lettered"
        case duplicate
    }

    /// Counts from 1 in this `serve`; set by the board.
    public var sequence: UInt64
    /// Milliseconds since the epoch.
    public var time: Int64
    public var service: String
    public var event: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var eventId: String?
    /// The record's `traceparent` header, as stored.
    public var traceparent: String?
    public var outcome: Outcome
    /// The attempt this step ends (0 for a duplicate).
    public var attempt: Int
    /// The failure's status (`503`, `timeout`, `unreachable`, `undeliverable`) when the attempt failed.
    public var status: String?
    public var reason: String?
    /// When a retrying record is tried again, ms since the epoch.
    public var retryAt: Int64?
    public var deadLetterTopic: String?
    public var deadLetterOffset: Int64?

    public init(time: Int64, service: String, event: String, record: StoredRecord, eventId: String?, outcome: Outcome, attempt: Int,
                failure: DeliveryFailure? = nil, retryAt: Int64? = nil, deadLetterTopic: String? = nil, deadLetterOffset: Int64? = nil) {
        self.sequence = 0
        self.time = time
        self.service = service
        self.event = event
        self.topic = record.topic
        self.partition = record.partition
        self.offset = record.offset
        self.eventId = eventId
        self.traceparent = record.headers.last { $0.key == "traceparent" }?.value.flatMap { String(validating: $0, as: UTF8.self) }
        self.outcome = outcome
        self.attempt = attempt
        self.status = failure?.statusText
        self.reason = failure.map { DeadLetter.excerpt($0.detail) }
        self.retryAt = retryAt
        self.deadLetterTopic = deadLetterTopic
        self.deadLetterOffset = deadLetterOffset
    }

    /// One line for the live page.
    public var message: String {
        let at = "\(topic)/\(partition)@\(offset)"
        return switch outcome {
        case .delivered: "delivered \(at) to \(service) on attempt \(attempt)"
        case .retrying: "attempt \(attempt) of \(at) to \(service) failed (\(status ?? "?")); retrying"
        case .deadLettered: "\(at) to \(service) failed after \(attempt) attempts (\(status ?? "?")); "
            + (deadLetterTopic.map { "dead-lettered to \($0)" + (deadLetterOffset.map { " at offset \($0)" } ?? "") } ?? "skipped")
        case .duplicate: "\(at) skipped for \(service): event ID \(eventId ?? "?") already delivered"
        }
    }
}
