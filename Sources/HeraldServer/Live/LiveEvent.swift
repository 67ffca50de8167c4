import HeraldAvro
import HeraldDelivery

/// Something that happened which open live pages are told of over `GET /_live/stream`. Each case is one SSE event
/// name with a JSON object as its data.
public enum LiveEvent: Sendable, Hashable {
    /// A record appended to a topic.
    case record(LiveRecord)
    /// A produce attempt refused by produce-time validation.
    case refusal(LiveRefusal)
    /// A simulated service's delivery of a record: delivered, retrying, dead-lettered or a duplicate skipped.
    case delivery(DeliveryStep)
    /// A delivery alert raised.
    case alert(DeliveryAlert)

    /// The SSE event name.
    public var name: String {
        switch self {
        case .record: "record"
        case .refusal: "refusal"
        case .delivery: "delivery"
        case .alert: "alert"
        }
    }

    /// The topic it concerns.
    public var topic: String {
        switch self {
        case .record(let record): record.topic
        case .refusal(let refusal): refusal.topic
        case .delivery(let step): step.topic
        case .alert(let alert): alert.topic
        }
    }

    /// The SSE event's data.
    public var json: JSONValue {
        switch self {
        case .record(let record): LiveJSON.record(record)
        case .refusal(let refusal): LiveJSON.refusal(refusal)
        case .delivery(let step): LiveJSON.delivery(step)
        case .alert(let alert): LiveJSON.alert(alert)
        }
    }

    /// The event as one server-sent event (`event:` and a single `data:` line; compact JSON has no newlines).
    public var serverSentEvent: String {
        "event: \(name)\ndata: \(LiveJSON.text(json))\n\n"
    }
}
