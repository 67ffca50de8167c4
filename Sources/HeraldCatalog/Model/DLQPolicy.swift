/// Dead-letter handling for an event's consumers: catalog defaults, optionally overridden per event.
public struct DLQPolicy: Sendable, Hashable {
    /// False turns dead-lettering off for the event.
    public var enabled: Bool?
    /// The dead-letter topic; default `<topic>.dlq`.
    public var topic: String?
    /// Delivery attempts before a message goes to the DLQ.
    public var retries: Int?
    /// Spacing of the retries.
    public var backoff: Backoff?
    /// Alert the owning team when messages land in the DLQ.
    public var alert: Bool?

    public init(enabled: Bool? = nil, topic: String? = nil, retries: Int? = nil, backoff: Backoff? = nil, alert: Bool? = nil) {
        self.enabled = enabled
        self.topic = topic
        self.retries = retries
        self.backoff = backoff
        self.alert = alert
    }

    /// Retry spacing: `initial`, multiplied by `multiplier` after each attempt, capped at `max`.
    public struct Backoff: Sendable, Hashable {
        /// The first wait.
        public var initialMilliseconds: Int?
        /// Factor applied to the wait after each attempt.
        public var multiplier: Double?
        /// The longest wait.
        public var maxMilliseconds: Int?

        public init(initialMilliseconds: Int? = nil, multiplier: Double? = nil, maxMilliseconds: Int? = nil) {
            self.initialMilliseconds = initialMilliseconds
            self.multiplier = multiplier
            self.maxMilliseconds = maxMilliseconds
        }
    }

    /// This policy's settings, with the unset ones taken from `defaults`.
    public func merged(over defaults: DLQPolicy?) -> DLQPolicy {
        guard let defaults else { return self }
        let backoff: Backoff? = switch (self.backoff, defaults.backoff) {
        case (nil, let d): d
        case (let b?, nil): b
        case (let b?, let d?): Backoff(
            initialMilliseconds: b.initialMilliseconds ?? d.initialMilliseconds,
            multiplier: b.multiplier ?? d.multiplier, maxMilliseconds: b.maxMilliseconds ?? d.maxMilliseconds)
        }
        return DLQPolicy(
            enabled: enabled ?? defaults.enabled, topic: topic ?? defaults.topic, retries: retries ?? defaults.retries,
            backoff: backoff, alert: alert ?? defaults.alert)
    }

    /// Parses a duration such as `500ms`, `1s`, `1m`, `2h`, `1.5s` into milliseconds.
    public static func milliseconds(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        let scales: [(suffix: String, ms: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, ms) in scales where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value.isFinite, value * ms < 1e12 else { return nil }
            return Int((value * ms).rounded())
        }
        return nil
    }
}
