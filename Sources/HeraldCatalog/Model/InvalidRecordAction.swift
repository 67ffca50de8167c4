/// What the embedded broker does with a produced record that breaks the event's contract (`onInvalid`).
public enum InvalidRecordAction: String, Sendable, Hashable, CaseIterable {
    /// Refuse the whole batch with INVALID_RECORD (the default).
    case reject
    /// Append the invalid records unchanged to the event's dead-letter topic, with headers saying why, and accept the rest.
    case dlq
}
