import HeraldKafkaProtocol

/// Idempotent-producer bookkeeping per (producer id, partition): epochs, sequences and recent batches.
public struct ProducerStateTable: Sendable {
    /// Identifies one producer's stream into one partition.
    public struct Key: Sendable, Hashable {
        public var producerId: Int64
        public var topic: String
        public var partition: Int32
        /// A key.
        public init(producerId: Int64, topic: String, partition: Int32) {
            self.producerId = producerId
            self.topic = topic
            self.partition = partition
        }
    }

    /// A batch already appended, remembered to answer retries with its original offset.
    public struct AppendedBatch: Sendable, Hashable {
        public var firstSequence: Int32
        public var lastSequence: Int32
        public var baseOffset: Int64
    }

    /// What is known about one producer on one partition.
    public struct Entry: Sendable, Hashable {
        public var epoch: Int16
        /// The most recent batches, oldest first (at most `retainedBatches`).
        public var recent: [AppendedBatch]
        /// Last sequence appended.
        public var lastSequence: Int32 { recent.last?.lastSequence ?? -1 }

        /// Adds an appended batch: a new epoch starts afresh, and only the newest `retainedBatches` stay.
        mutating func add(_ batch: AppendedBatch, epoch: Int16) {
            if epoch != self.epoch {
                self = Entry(epoch: epoch, recent: [])
            }
            recent.append(batch)
            let limit = ProducerStateTable.retainedBatches
            if recent.count > limit { recent.removeFirst(recent.count - limit) }
        }
    }

    /// What to do with an incoming batch.
    public enum Verdict: Sendable, Hashable {
        /// Append it, then call `recordAppend`.
        case append
        /// A retry of a batch already stored at this base offset: answer success and do not append.
        case duplicate(baseOffset: Int64)
        /// Reject the batch with this error; the state does not change.
        case reject(ErrorCode)
    }

    /// How many batches per producer and partition are remembered (Kafka's max in-flight requests).
    public static let retainedBatches = 5

    public private(set) var entries: [Key: Entry] = [:]

    /// An empty table.
    public init() {}

    /// Decides what to do with a batch without changing state.
    public func check(_ key: Key, epoch: Int16, firstSequence: Int32, lastSequence: Int32) -> Verdict {
        guard key.producerId >= 0 else { return .append }
        guard let entry = entries[key] else { return .append }
        if epoch < entry.epoch { return .reject(.invalidProducerEpoch) }
        if epoch > entry.epoch { return firstSequence == 0 ? .append : .reject(.outOfOrderSequenceNumber) }
        if let seen = entry.recent.first(where: { $0.firstSequence == firstSequence && $0.lastSequence == lastSequence }) {
            return .duplicate(baseOffset: seen.baseOffset)
        }
        let expected = entry.lastSequence == Int32.max ? 0 : entry.lastSequence + 1
        return firstSequence == expected ? .append : .reject(.outOfOrderSequenceNumber)
    }

    /// Records a batch that `check` allowed and that was appended at `baseOffset`.
    public mutating func recordAppend(_ key: Key, epoch: Int16, firstSequence: Int32, lastSequence: Int32, baseOffset: Int64) {
        guard key.producerId >= 0 else { return }
        entries[key, default: Entry(epoch: epoch, recent: [])].add(
            AppendedBatch(firstSequence: firstSequence, lastSequence: lastSequence, baseOffset: baseOffset), epoch: epoch)
    }

    /// Rebuilds the entries of one partition from its stored batch headers, oldest first (recovery). The log is the
    /// source of truth: every batch in it was appended, so each is recorded as `recordAppend` did, without checks,
    /// and the table ends as it was when the last of them was written. Only headers are read, never records.
    public mutating func restore(topic: String, partition: Int32, from headers: some Sequence<RecordBatchHeader>) {
        var rebuilt: [Int64: Entry] = [:]
        // Transaction markers carry the producer id but no sequence: they are not the producer's batches.
        for header in headers where header.producerId >= 0 && !header.attributes.isControl {
            rebuilt[header.producerId, default: Entry(epoch: header.producerEpoch, recent: [])].add(
                AppendedBatch(firstSequence: header.baseSequence, lastSequence: header.lastSequence, baseOffset: header.baseOffset),
                epoch: header.producerEpoch)
        }
        for (producerId, entry) in rebuilt {
            entries[Key(producerId: producerId, topic: topic, partition: partition)] = entry
        }
    }

    /// Forgets every entry of a topic (topic deletion).
    public mutating func removeTopic(_ topic: String) {
        entries = entries.filter { $0.key.topic != topic }
    }
}
