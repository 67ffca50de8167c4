import HeraldKafkaProtocol
import NIOCore

extension BrokerState {
    /// InitProducerId with a transactional id (see `TransactionCoordinator.initProducerId`).
    public func initTransactionalProducer(_ id: String, timeoutMs: Int32, expected: (producerId: Int64, epoch: Int16)? = nil)
        -> InitProducerIdResponse
    {
        let (result, waiters): (TransactionCoordinator.Initialized, [FetchWaiter]) = lock.withLock {
            let now = clock()
            let result = transactions.initProducerId(id, timeoutMs: timeoutMs, nowMs: now, expected: expected,
                                                     allocateProducerId: allocateProducerIdLocked)
            let waiters = result.aborted.map { endTransactionLocked($0) } ?? []
            persistTransactionsLocked()
            return (result, waiters)
        }
        waiters.forEach { $0.wake() }
        return InitProducerIdResponse(errorCode: result.error, producerId: result.producerId, producerEpoch: result.epoch)
    }

    /// AddPartitionsToTxn: the error per partition (unknown ones fail the request, the rest are not attempted).
    public func addPartitionsToTransaction(_ id: String, producerId: Int64, epoch: Int16,
                                           partitions: [TopicPartition]) -> [TopicPartition: ErrorCode] {
        lock.withLock {
            let unknown = partitions.filter { partition in
                guard let topic = topics[partition.topic] else { return true }
                return partition.partition < 0 || Int(partition.partition) >= topic.logs.count
            }
            if !unknown.isEmpty {
                return Dictionary(partitions.map { ($0, unknown.contains($0) ? ErrorCode.unknownTopicOrPartition : .operationNotAttempted) },
                                  uniquingKeysWith: { first, _ in first })
            }
            let error = transactions.addPartitions(id, producerId: producerId, epoch: epoch, partitions: partitions, nowMs: clock())
            if error == .noError { persistTransactionsLocked() }
            return Dictionary(partitions.map { ($0, error) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// AddOffsetsToTxn.
    public func addOffsetsToTransaction(_ id: String, producerId: Int64, epoch: Int16, group: String) -> ErrorCode {
        guard !group.isEmpty else { return .invalidGroupId }
        return lock.withLock {
            let error = transactions.addOffsets(id, producerId: producerId, epoch: epoch, group: group, nowMs: clock())
            if error == .noError { persistTransactionsLocked() }
            return error
        }
    }

    /// TxnOffsetCommit: one error per entry, in order; the offsets become visible when the transaction commits.
    /// v3+ names the consumer's member and generation (KIP-447): a member id given must belong to the group
    /// (UNKNOWN_MEMBER_ID), a generation given must be the group's (ILLEGAL_GENERATION).
    public func commitTransactionalOffsets(_ id: String, producerId: Int64, epoch: Int16, group: String,
                                           memberId: String = "", generation: Int32 = -1,
                                           entries: [OffsetCommitEntry]) -> [ErrorCode] {
        lock.withLock {
            let groupError = (groups[group] ?? GroupStateMachine(groupId: group))
                .validateTransactionalCommit(memberId: memberId, generation: generation)
            guard groupError == .noError else { return entries.map { _ in groupError } }
            let known = entries.filter { entry in
                guard let topic = topics[entry.partition.topic] else { return false }
                return entry.partition.partition >= 0 && Int(entry.partition.partition) < topic.logs.count
            }
            let pending = known.map {
                TransactionCoordinator.PendingOffset(group: group, partition: $0.partition, offset: $0.offset, metadata: $0.metadata)
            }
            let error = transactions.commitOffsets(id, producerId: producerId, epoch: epoch, group: group, offsets: pending)
            if error == .noError { persistTransactionsLocked() }
            return entries.map { entry in known.contains { $0.partition == entry.partition } ? error : .unknownTopicOrPartition }
        }
    }

    /// EndTxn: writes the markers (and on commit the offsets) before answering.
    public func endTransaction(_ id: String, producerId: Int64, epoch: Int16, commit: Bool) -> ErrorCode {
        let (error, waiters): (ErrorCode, [FetchWaiter]) = lock.withLock {
            let (error, completion) = transactions.end(id, producerId: producerId, epoch: epoch, commit: commit)
            guard let completion else { return (error, []) }
            persistTransactionsLocked()
            let waiters = endTransactionLocked(completion)
            persistTransactionsLocked()
            return (error, waiters)
        }
        waiters.forEach { $0.wake() }
        return error
    }

    /// Aborts the transactions open longer than their timeout (called periodically).
    public func expireTransactions() {
        let waiters: [FetchWaiter] = lock.withLock {
            let ended = transactions.expire(nowMs: clock(), allocateProducerId: allocateProducerIdLocked)
            guard !ended.isEmpty else { return [] }
            for completion in ended {
                logger.info("transaction timed out, aborted", metadata: [
                    "transactionalId": "\(completion.transactionalId)", "producerId": "\(completion.producerId)"])
            }
            persistTransactionsLocked()
            let waiters = ended.flatMap { endTransactionLocked($0) }
            persistTransactionsLocked()
            return waiters
        }
        waiters.forEach { $0.wake() }
    }

    /// The transactional id's state, for tests and admin answers.
    public func transaction(_ id: String) -> TransactionCoordinator.Transaction? {
        lock.withLock { transactions.transactions[id] }
    }

    /// A producer with state on a partition, as DescribeProducers reports it.
    public struct ActiveProducer: Sendable, Hashable {
        public var producerId: Int64
        /// Its epoch.
        public var epoch: Int16
        /// The last sequence appended.
        public var lastSequence: Int32
        /// The first offset of its open transaction on the partition, -1 when none.
        public var transactionStartOffset: Int64
    }

    /// The producers with idempotent or transactional state on a partition, by producer id; nil for an unknown
    /// partition.
    public func activeProducers(_ partition: TopicPartition) -> [ActiveProducer]? {
        lock.withLock {
            guard let topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
                return nil
            }
            let open = topic.logs[Int(partition.partition)].transactions.open
            return producers.entries
                .filter { $0.key.topic == partition.topic && $0.key.partition == partition.partition }
                .map { ActiveProducer(producerId: $0.key.producerId, epoch: $0.value.epoch, lastSequence: $0.value.lastSequence,
                                      transactionStartOffset: open[$0.key.producerId]?.firstOffset ?? -1) }
                .sorted { $0.producerId < $1.producerId }
        }
    }

    /// Every transactional id, sorted.
    public func allTransactions() -> [TransactionCoordinator.Transaction] {
        lock.withLock { transactions.transactions.values.sorted { $0.transactionalId < $1.transactionalId } }
    }

    // MARK: Locked helpers

    /// Writes a completion's markers (synced with a data directory), commits its offsets and marks it complete;
    /// returns the fetches to wake.
    func endTransactionLocked(_ completion: TransactionCoordinator.Completion) -> [FetchWaiter] {
        let marker = TransactionMarker(committed: completion.committed)
        let batch = marker.batch(producerId: completion.producerId, producerEpoch: completion.producerEpoch, timestampMs: clock())
        for partition in completion.partitions {
            if case .failed(let error) = storeLocked(batch, in: partition, sync: dataDirectory != nil) {
                logger.error("could not write transaction marker", metadata: [
                    "topic": "\(partition.topic)", "partition": "\(partition.partition)", "error": "\(error)"])
            }
        }
        if !completion.offsets.isEmpty {
            for pending in completion.offsets where topics[pending.partition.topic] != nil {
                offsets.commit(group: pending.group, topic: pending.partition.topic, partition: pending.partition.partition,
                               position: .init(offset: pending.offset, metadata: pending.metadata))
            }
            persistOffsetsLocked()
        }
        transactions.complete(completion)
        let touched = Set(completion.partitions)
        let woken = fetchWaiters.filter { !$0.value.partitions.isDisjoint(with: touched) }
        for id in woken.keys { fetchWaiters[id] = nil }
        return Array(woken.values)
    }

    /// After recovery: ends what the coordinator had open or half-ended, then aborts any transaction the logs show
    /// open that the coordinator does not know (its state file lost or older than the log).
    func recoverTransactionsLocked() {
        for completion in transactions.recover(allocateProducerId: allocateProducerIdLocked) {
            logger.info(completion.committed ? "transaction committed on recovery" : "open transaction aborted on recovery",
                        metadata: ["transactionalId": "\(completion.transactionalId)", "producerId": "\(completion.producerId)"])
            _ = endTransactionLocked(completion)
        }
        for name in topics.keys.sorted() {
            guard let topic = topics[name] else { continue }
            for (index, log) in topic.logs.enumerated() {
                for (producerId, open) in log.transactions.open.sorted(by: { $0.key < $1.key }) {
                    logger.info("open transaction aborted on recovery", metadata: [
                        "topic": "\(name)", "partition": "\(index)", "producerId": "\(producerId)"])
                    let batch = TransactionMarker(committed: false).batch(producerId: producerId, producerEpoch: open.epoch, timestampMs: clock())
                    _ = storeLocked(batch, in: TopicPartition(name, Int32(index)), sync: true)
                }
            }
        }
        persistTransactionsLocked()
    }

    func persistTransactionsLocked() {
        do { try dataDirectory?.saveTransactions(transactions) } catch {
            logger.error("could not persist transaction state", metadata: ["error": "\(error)"])
        }
    }
}
