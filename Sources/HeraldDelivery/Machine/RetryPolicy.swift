import HeraldCatalog

/// How often and how far apart a failed delivery is tried again before it is dead-lettered.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts after the first one.
    public var retries: Int
    /// The wait before the first retry, in milliseconds.
    public var initialMilliseconds: Int64
    /// Factor applied to the wait before each further retry.
    public var multiplier: Double
    /// The longest wait, in milliseconds.
    public var maxMilliseconds: Int64
    /// Multiplies every wait (`--retry-backoff-scale`); 1 in production, small in tests and demos.
    public var scale: Double

    /// The defaults a catalog without a dlq policy gets: 3 retries, 1 s doubling, capped at 1 min.
    public static let standard = RetryPolicy(retries: 3, initialMilliseconds: 1000, multiplier: 2, maxMilliseconds: 60_000, scale: 1)

    public init(retries: Int, initialMilliseconds: Int64, multiplier: Double, maxMilliseconds: Int64, scale: Double) {
        self.retries = retries
        self.initialMilliseconds = initialMilliseconds
        self.multiplier = multiplier
        self.maxMilliseconds = maxMilliseconds
        self.scale = scale
    }

    /// The catalog's policy with unset values taken from `standard`.
    public init(_ policy: DLQPolicy?, scale: Double) {
        let standard = Self.standard
        let initial = policy?.backoff?.initialMilliseconds.map(Int64.init) ?? standard.initialMilliseconds
        self.init(
            retries: policy?.retries ?? standard.retries, initialMilliseconds: initial,
            multiplier: policy?.backoff?.multiplier ?? standard.multiplier,
            maxMilliseconds: max(initial, policy?.backoff?.maxMilliseconds.map(Int64.init) ?? standard.maxMilliseconds),
            scale: scale)
    }

    /// The wait before retry number `retry` (1 for the first retry): initial × multiplier^(retry-1), capped, scaled.
    public func delay(beforeRetry retry: Int) -> Int64 {
        var wait = Double(initialMilliseconds)
        for _ in 1..<max(1, retry) {
            wait *= multiplier
            if wait >= Double(maxMilliseconds) { break }
        }
        let capped = min(wait, Double(maxMilliseconds))
        return Int64((capped * max(0, scale)).rounded())
    }
}
