import Logging
import NIOConcurrencyHelpers

/// Counts of produced records per topic by what validation decided, shared by the request handlers and the
/// periodic report.
public final class ProduceStatistics: Sendable {
    /// The counts of one topic.
    public struct Counts: Sendable, Hashable {
        /// Records that passed validation.
        public var accepted: Int = 0
        /// Records of refused batches (INVALID_RECORD); only the failing ones are counted.
        public var refused: Int = 0
        /// Records sent to the dead-letter topic.
        public var deadLettered: Int = 0
        /// Zero counts.
        public init(accepted: Int = 0, refused: Int = 0, deadLettered: Int = 0) {
            self.accepted = accepted
            self.refused = refused
            self.deadLettered = deadLettered
        }
    }

    private let state = NIOLockedValueBox<(counts: [String: Counts], reported: [String: Counts])>(([:], [:]))

    /// Empty statistics.
    public init() {}

    /// Adds one batch's outcome for `topic`.
    public func add(topic: String, accepted: Int, refused: Int = 0, deadLettered: Int = 0) {
        state.withLockedValue { state in
            // Look up in place: no copy of the topic name for topics already counted.
            if state.counts[topic] == nil { state.counts[topic] = Counts() }
            state.counts[topic]!.accepted += accepted
            state.counts[topic]!.refused += refused
            state.counts[topic]!.deadLettered += deadLettered
        }
    }

    /// The counts so far, by topic.
    public var counts: [String: Counts] { state.withLockedValue { $0.counts } }

    /// Logs one line per topic whose counts changed since the last report (every topic when `all`), sorted by
    /// topic; the totals since start.
    public func report(to logger: Logger, all: Bool = false) {
        let changed: [(String, Counts)] = state.withLockedValue { state in
            let topics = state.counts.filter { all || state.reported[$0.key] != $0.value }
            state.reported = state.counts
            return topics.sorted { $0.key < $1.key }
        }
        for (topic, counts) in changed {
            logger.info("produce validation", metadata: [
                "topic": "\(topic)", "accepted": "\(counts.accepted)", "refused": "\(counts.refused)",
                "deadLettered": "\(counts.deadLettered)"])
        }
    }
}
