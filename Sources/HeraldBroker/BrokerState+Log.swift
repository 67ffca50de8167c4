import HeraldKafkaProtocol
import NIOCore

extension BrokerState {
    /// How an append ended for one partition.
    public enum AppendOutcome: Sendable, Equatable {
        /// Stored at `baseOffset`.
        case appended(baseOffset: Int64, logStartOffset: Int64)
        /// An idempotent retry of a batch already stored at `baseOffset`; nothing appended.
        case duplicate(baseOffset: Int64, logStartOffset: Int64)
        /// Rejected.
        case failed(ErrorCode, logStartOffset: Int64)
    }

    /// Appends one checked batch: applies the idempotent-producer rules, stores it (and syncs the segment when
    /// `sync`), applies retention and wakes parked fetches.
    public func append(_ batch: ByteBuffer, header: RecordBatchHeader, to partition: TopicPartition, sync: Bool) -> AppendOutcome {
        append(batch, header: header, to: partition, deadLetters: nil, sync: sync)
    }

    /// Appends what remains of a batch after dead-lettering, as one step under the idempotent-producer rules of
    /// the original batch (`header`): `deadLetters` goes to its partition first, then `valid` (nil when no record
    /// passed) to `partition`. The producer's sequence advances past the whole original batch, and a retry of it is
    /// answered as a duplicate without appending anything again.
    public func append(_ valid: ByteBuffer?, header: RecordBatchHeader, to partition: TopicPartition,
                       deadLetters: (batch: ByteBuffer, partition: TopicPartition)?, sync: Bool) -> AppendOutcome {
        let (outcome, waiters): (AppendOutcome, [FetchWaiter]) = lock.withLock {
            guard let topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
                return (.failed(.unknownTopicOrPartition, logStartOffset: -1), [])
            }
            let index = Int(partition.partition)
            let key = ProducerStateTable.Key(producerId: header.producerId, topic: partition.topic, partition: partition.partition)
            let logStart = topic.logs[index].logStartOffset
            if header.attributes.isTransactional {
                let error = transactions.verifyProduce(producerId: header.producerId, epoch: header.producerEpoch, partition: partition)
                guard error == .noError else { return (.failed(error, logStartOffset: logStart), []) }
            }
            switch producers.check(key, epoch: header.producerEpoch, firstSequence: header.baseSequence, lastSequence: header.lastSequence) {
            case .reject(let error):
                return (.failed(error, logStartOffset: logStart), [])
            case .duplicate(let baseOffset):
                return (.duplicate(baseOffset: baseOffset, logStartOffset: logStart), [])
            case .append:
                break
            }
            if let deadLetters {
                if case .failed(let error) = storeLocked(deadLetters.batch, in: deadLetters.partition, sync: sync) {
                    return (.failed(error, logStartOffset: logStart), [])
                }
            }
            var baseOffset = topic.logs[index].highWatermark
            if let valid {
                switch storeLocked(valid, in: partition, sync: sync) {
                case .failed(let error): return (.failed(error, logStartOffset: logStart), [])
                case .stored(let offset): baseOffset = offset
                }
            }
            producers.recordAppend(key, epoch: header.producerEpoch, firstSequence: header.baseSequence,
                                   lastSequence: header.lastSequence, baseOffset: baseOffset)
            let deadLetterPartition = deadLetters?.partition
            let woken = fetchWaiters.filter { waiter in
                (valid != nil && waiter.value.partitions.contains(partition))
                    || deadLetterPartition.map { waiter.value.partitions.contains($0) } == true
            }
            for id in woken.keys { fetchWaiters[id] = nil }
            let start = topics[partition.topic]?.logs[index].logStartOffset ?? logStart
            return (.appended(baseOffset: baseOffset, logStartOffset: start), Array(woken.values))
        }
        waiters.forEach { $0.wake() }
        return outcome
    }

    /// Stores one batch at the end of a partition's log and segment file and applies retention; the base offset.
    func storeLocked(_ batch: ByteBuffer, in partition: TopicPartition, sync: Bool) -> StoreOutcome {
        guard var topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
            return .failed(.unknownTopicOrPartition)
        }
        let index = Int(partition.partition)
        let prepared: PartitionLog.PreparedBatch
        do {
            prepared = try topic.logs[index].prepareAppend(batch)
        } catch {
            return .failed(.corruptMessage)
        }
        // The file first: a batch that could not be written is neither served nor acknowledged.
        if let file = topic.files?[index] {
            do {
                try file.append(prepared.bytes)
                if sync { try file.sync() }
            } catch {
                logger.error("could not write segment", metadata: [
                    "topic": "\(partition.topic)", "partition": "\(partition.partition)", "error": "\(error)"])
                return .failed(.kafkaStorageError)
            }
        }
        let stored = topic.logs[index].appendPrepared(prepared, appendTimeMs: clock())
        applyRetentionLocked(&topic, index: index, topicName: partition.topic)
        topics[partition.topic] = topic
        return .stored(baseOffset: stored.baseOffset)
    }

    enum StoreOutcome {
        case stored(baseOffset: Int64)
        case failed(ErrorCode)
    }

    /// Syncs every segment file written since its last sync (`FsyncPolicy.interval`, called periodically).
    public func syncSegments() {
        lock.withLock {
            for name in topics.keys.sorted() {
                for file in topics[name]?.files ?? [] where file.hasUnsyncedWrites {
                    do {
                        try file.sync()
                    } catch {
                        logger.error("could not sync segment", metadata: ["file": "\(file.url.path)", "error": "\(error)"])
                    }
                }
            }
        }
    }

    /// Applies time retention to every partition (called periodically).
    public func applyRetention() {
        lock.withLock {
            for name in topics.keys.sorted() {
                guard var topic = topics[name] else { continue }
                for index in topic.logs.indices { applyRetentionLocked(&topic, index: index, topicName: name) }
                topics[name] = topic
            }
        }
    }

    private func applyRetentionLocked(_ topic: inout Topic, index: Int, topicName: String) {
        // cleanup.policy=compact alone keeps a partition whole, whatever its size or age, as in Kafka.
        guard topic.config.deletes else { return }
        let policy = topic.config == TopicConfig() ? configuration.retention : topic.config.retention(default: configuration.retention)
        guard policy != .unlimited else { return }
        let before = topic.logs[index].sizeInBytes
        guard topic.logs[index].applyRetention(policy, nowMs: clock()) > 0 else { return }
        topic.droppedSinceRewrite[index] += before - topic.logs[index].sizeInBytes
        guard let file = topic.files?[index] else { return }
        // Rewriting costs the live size, so do it only once the dead prefix is at least as large (amortised).
        let live = topic.logs[index].sizeInBytes
        guard topic.droppedSinceRewrite[index] >= max(live, 1 << 20) || live == 0 else { return }
        do {
            try file.rewrite(keeping: topic.logs[index].liveBatches.map(\.bytes))
            try dataDirectory?.saveLogStart(topic.logs[index].logStartOffset, topic: topicName, partition: Int32(index))
            topic.droppedSinceRewrite[index] = 0
        } catch {
            logger.error("could not rewrite segment after retention", metadata: ["topic": "\(topicName)", "error": "\(error)"])
        }
    }

    /// What a fetch finds in one partition.
    public struct PartitionRead: Sendable {
        /// The error code; none on success.
        public var error: ErrorCode
        public var highWatermark: Int64
        public var lastStableOffset: Int64
        public var logStartOffset: Int64
        public var batches: [ByteBuffer]
        /// read_committed only: the aborted transactions overlapping the batches returned.
        public var abortedTransactions: [PartitionTransactionIndex.Aborted] = []
    }

    /// Reads whole batches from `offset` (at least one batch when any, up to `maxBytes`). `readCommitted` stops at
    /// the last stable offset and lists the aborted transactions among the batches returned.
    public func read(_ partition: TopicPartition, from offset: Int64, maxBytes: Int, readCommitted: Bool = false) -> PartitionRead {
        lock.withLock {
            guard let topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
                return PartitionRead(error: .unknownTopicOrPartition, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, batches: [])
            }
            let log = topic.logs[Int(partition.partition)]
            let stable = log.lastStableOffset
            switch log.read(from: offset, maxBytes: maxBytes, end: readCommitted ? stable : nil) {
            case .offsetOutOfRange:
                return PartitionRead(error: .offsetOutOfRange, highWatermark: log.highWatermark, lastStableOffset: stable,
                                     logStartOffset: log.logStartOffset, batches: [])
            case .batches(let batches):
                var read = PartitionRead(error: .noError, highWatermark: log.highWatermark, lastStableOffset: stable,
                                         logStartOffset: log.logStartOffset, batches: batches)
                if readCommitted, !log.transactions.aborted.isEmpty, let last = batches.last,
                   let header = RecordBatchHeader(peekingAt: last) {
                    read.abortedTransactions = log.transactions.abortedTransactions(from: offset, to: header.lastOffset + 1)
                }
                return read
            }
        }
    }

    /// Parks a fetch until one of `positions` has at least `minBytes` beyond its offset; returns nil (not parked)
    /// when that already holds. `wake` runs once, after the lock is released, on the first matching append.
    public func parkFetch(_ positions: [TopicPartition: Int64], minBytes: Int, readCommitted: Bool = false,
                          wake: @escaping @Sendable () -> Void) -> UInt64? {
        lock.withLock {
            var available = 0
            for (partition, offset) in positions {
                guard let topic = topics[partition.topic], Int(partition.partition) < topic.logs.count, partition.partition >= 0 else { continue }
                let log = topic.logs[Int(partition.partition)]
                available += log.bytesAvailable(from: offset, end: readCommitted ? log.lastStableOffset : nil)
            }
            if available >= max(minBytes, 1) { return nil }
            let id = nextWaiterID
            nextWaiterID += 1
            fetchWaiters[id] = FetchWaiter(partitions: Set(positions.keys), wake: wake)
            return id
        }
    }

    /// Forgets a parked fetch (its timeout fired first).
    public func cancelFetch(_ id: UInt64) {
        lock.withLock { fetchWaiters[id] = nil }
    }

    /// ListOffsets for one partition: (error, timestamp, offset); read_committed's latest is the last stable offset.
    public func listOffset(_ partition: TopicPartition, timestamp: Int64, readCommitted: Bool = false)
        -> (error: ErrorCode, timestamp: Int64, offset: Int64)
    {
        lock.withLock {
            guard let topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
                return (.unknownTopicOrPartition, -1, -1)
            }
            let log = topic.logs[Int(partition.partition)]
            if readCommitted, timestamp == -1 { return (.noError, -1, log.lastStableOffset) }
            let found = log.offset(forTimestamp: timestamp)
            return (.noError, found.timestamp, found.offset)
        }
    }
}
