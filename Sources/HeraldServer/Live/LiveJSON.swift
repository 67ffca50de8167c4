import HeraldAvro
import HeraldDelivery

/// The JSON API's shapes, built as `JSONValue`s so the bytes are deterministic (members in the order written here).
enum LiveJSON {
    static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(members.compactMap { key, value in value.map { (key: key, value: $0) } }))
    }

    static func string(_ text: String?) -> JSONValue? { text.map { .string($0) } }
    static func int(_ number: Int64?) -> JSONValue? { number.map { .number(JSONNumber($0)) } }
    static func int(_ number: Int?) -> JSONValue? { number.map { .number(JSONNumber($0)) } }

    /// Bytes as `{"text": …}` when printable UTF-8, else `{"hex": …}`; JSON null for none.
    static func bytes(_ bytes: [UInt8]?) -> JSONValue {
        guard let bytes else { return .null }
        let shown = LiveBytes.shown(bytes)
        return shown.isText ? object([("text", .string(shown.text))]) : object([("hex", .string(LiveBytes.hex(bytes)))])
    }

    static func record(_ record: LiveRecord) -> JSONValue {
        let validation: JSONValue = switch record.validation {
        case .valid: object([("result", .string("valid"))])
        case .invalid(let rule, let message): object([("result", .string("invalid")), ("rule", .string(rule)), ("message", .string(message))])
        case .notChecked: object([("result", .string("not checked"))])
        }
        // The decoded value is embedded as JSON itself, not as a string.
        let value: JSONValue? = record.json.flatMap { try? JSONParser().parse($0).plain }
        return object([
            ("topic", .string(record.topic)),
            ("partition", int(Int64(record.partition))),
            ("offset", record.offset >= 0 ? int(record.offset) : nil),
            ("timestamp", int(record.timestamp)),
            ("key", bytes(record.key)),
            ("headers", .array(record.headers.map { object([("key", .string($0.key)), ("value", bytes($0.value))]) })),
            ("schemaId", record.schemaID.map { .number(JSONNumber(Int64($0))) }),
            ("subject", string(record.subject)),
            ("schemaVersion", int(record.schemaVersion)),
            ("value", value ?? .null),
            ("decodeProblem", string(record.decodeProblem)),
            ("undecodedValue", record.undecodedValue.map { bytes($0) }),
            ("validation", validation),
            ("traceId", string(record.traceID)),
        ])
    }

    static func refusal(_ refusal: LiveRefusal) -> JSONValue {
        object([
            ("sequence", .number(JSONNumber(Int64(refusal.sequence)))),
            ("time", int(refusal.time)),
            ("topic", .string(refusal.topic)),
            ("partition", int(Int64(refusal.partition))),
            ("message", .string(refusal.message)),
            ("records", .array(refusal.records.map(record))),
        ])
    }

    static func delivery(_ step: DeliveryStep) -> JSONValue {
        object([
            ("sequence", .number(JSONNumber(Int64(step.sequence)))),
            ("time", int(step.time)),
            ("service", .string(step.service)),
            ("event", .string(step.event)),
            ("topic", .string(step.topic)),
            ("partition", int(Int64(step.partition))),
            ("offset", int(step.offset)),
            ("eventId", string(step.eventId)),
            ("outcome", .string(step.outcome.rawValue)),
            ("attempt", int(step.attempt)),
            ("status", string(step.status)),
            ("reason", string(step.reason)),
            ("retryAt", int(step.retryAt)),
            ("deadLetterTopic", string(step.deadLetterTopic)),
            ("deadLetterOffset", int(step.deadLetterOffset)),
            ("traceId", string(step.traceparent.flatMap { TraceParent.traceID(of: $0) })),
        ])
    }

    static func alert(_ alert: DeliveryAlert) -> JSONValue {
        object([
            ("id", int(alert.id)),
            ("time", int(alert.time)),
            ("service", .string(alert.service)),
            ("event", .string(alert.event)),
            ("topic", .string(alert.topic)),
            ("partition", int(Int64(alert.partition))),
            ("offset", int(alert.offset)),
            ("eventId", string(alert.eventId)),
            ("attempts", int(alert.attempts)),
            ("status", .string(alert.status)),
            ("reason", .string(alert.reason)),
            ("deadLetterTopic", string(alert.deadLetterTopic)),
            ("deadLetterOffset", int(alert.deadLetterOffset)),
            ("message", .string(alert.message)),
        ])
    }

    static func error(_ message: String) -> JSONValue {
        object([("error", .string(message))])
    }

    static func text(_ value: JSONValue) -> String {
        JSONWriter(style: .compact).write(value)
    }
}
