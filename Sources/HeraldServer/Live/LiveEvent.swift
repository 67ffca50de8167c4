import HeraldAvro

/// Something that happened which open live pages are told of over `GET /_live/stream`. Each case is one SSE event
/// name with a JSON object as its data; other producers of live events (deliveries, alerts) add a case here and
/// publish it on the same `LiveBroadcaster`.
public enum LiveEvent: Sendable, Hashable {
    /// A record appended to a topic.
    case record(LiveRecord)
    /// A produce attempt refused by produce-time validation.
    case refusal(LiveRefusal)

    /// The SSE event name.
    public var name: String {
        switch self {
        case .record: "record"
        case .refusal: "refusal"
        }
    }

    /// The topic it concerns.
    public var topic: String {
        switch self {
        case .record(let record): record.topic
        case .refusal(let refusal): refusal.topic
        }
    }

    /// The SSE event's data.
    public var json: JSONValue {
        switch self {
        case .record(let record): LiveJSON.record(record)
        case .refusal(let refusal): LiveJSON.refusal(refusal)
        }
    }

    /// The event as one server-sent event (`event:` and a single `data:` line; compact JSON has no newlines).
    public var serverSentEvent: String {
        "event: \(name)\ndata: \(LiveJSON.text(json))\n\n"
    }
}
