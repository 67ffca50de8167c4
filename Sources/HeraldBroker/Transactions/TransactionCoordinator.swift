import HeraldKafkaProtocol

/// The transaction coordinator of a single-node broker: transactional ids, their producer id and epoch, and the
/// transaction each has open (partitions, consumer groups, offsets to commit with it). A pure value: every call
/// takes the time and returns what the broker must write; the broker writes the markers, commits the offsets and
/// then calls `complete`. Errors are Kafka's: a stale epoch is PRODUCER_FENCED (the request handler answers
/// INVALID_PRODUCER_EPOCH to request versions that predate that code).
public struct TransactionCoordinator: Sendable, Hashable, Codable {
    /// Where a transactional id's current transaction stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// No transaction since InitProducerId.
        case empty
        /// A transaction has partitions or a group added.
        case ongoing
        /// EndTxn(commit) accepted; markers being written.
        case prepareCommit
        /// EndTxn(abort), a timeout or a new InitProducerId ended it; markers being written.
        case prepareAbort
        /// The last transaction committed.
        case completeCommit
        /// The last transaction aborted.
        case completeAbort

        /// Kafka's name for the state, as DescribeTransactions and ListTransactions report it.
        public var kafkaName: String {
            switch self {
            case .empty: return "Empty"
            case .ongoing: return "Ongoing"
            case .prepareCommit: return "PrepareCommit"
            case .prepareAbort: return "PrepareAbort"
            case .completeCommit: return "CompleteCommit"
            case .completeAbort: return "CompleteAbort"
            }
        }
    }

    /// A consumer offset committed by a transaction, applied when it commits.
    public struct PendingOffset: Sendable, Hashable, Codable {
        /// The consumer group.
        public var group: String
        public var partition: TopicPartition
        public var offset: Int64
        /// The consumer's metadata string.
        public var metadata: String
        /// A pending offset.
        public init(group: String, partition: TopicPartition, offset: Int64, metadata: String) {
            self.group = group; self.partition = partition; self.offset = offset; self.metadata = metadata
        }
    }

    /// One transactional id.
    public struct Transaction: Sendable, Hashable, Codable {
        public var transactionalId: String
        /// The producer id it holds.
        public var producerId: Int64
        /// The current epoch; requests with an older one are fenced.
        public var epoch: Int16
        /// The transaction timeout the producer asked for.
        public var timeoutMs: Int32
        public var state: State
        /// Partitions of the open transaction.
        public var partitions: Set<TopicPartition>
        /// Consumer groups of the open transaction.
        public var groups: Set<String>
        /// Offsets the open transaction commits.
        public var pendingOffsets: [PendingOffset]
        /// When the open transaction started (its first AddPartitionsToTxn or AddOffsetsToTxn).
        public var startedMs: Int64
    }

    /// What the broker must do to end a transaction: a marker per partition, and on commit the offsets.
    public struct Completion: Sendable, Hashable {
        public var transactionalId: String
        /// The producer id the markers carry.
        public var producerId: Int64
        /// The epoch the markers carry.
        public var producerEpoch: Int16
        /// Commit or abort.
        public var committed: Bool
        /// The partitions, sorted.
        public var partitions: [TopicPartition]
        /// Offsets to commit (commit only).
        public var offsets: [PendingOffset]
    }

    /// InitProducerId's answer.
    public struct Initialized: Sendable, Hashable {
        /// The error, if any.
        public var error: ErrorCode
        public var producerId: Int64
        public var epoch: Int16
        /// A transaction the call aborted (the previous session's), to be written before answering.
        public var aborted: Completion?
    }

    /// Kafka's default `transaction.max.timeout.ms`.
    public static let maxTimeoutMs: Int32 = 900_000

    /// Every transactional id seen.
    public private(set) var transactions: [String: Transaction] = [:]

    /// No transactional ids.
    public init() {}

    /// The transactional id holding a producer id, if any.
    public func transactionalId(of producerId: Int64) -> String? {
        transactions.values.first { $0.producerId == producerId }?.transactionalId
    }

    // MARK: Requests

    /// InitProducerId with a transactional id: a new id gets a fresh producer id at epoch 0; a known one keeps its
    /// producer id with the epoch bumped, which fences the previous producer. A transaction that producer left
    /// open is aborted first (its markers carry the new epoch). `expected` is the producer id and epoch a producer
    /// that already holds the id asks to bump (v3+, KIP-360): any other than the current ones is PRODUCER_FENCED.
    public mutating func initProducerId(_ id: String, timeoutMs: Int32, nowMs: Int64,
                                        expected: (producerId: Int64, epoch: Int16)? = nil,
                                        allocateProducerId: () -> Int64) -> Initialized {
        guard timeoutMs > 0, timeoutMs <= Self.maxTimeoutMs else {
            return Initialized(error: .invalidTransactionTimeout, producerId: -1, epoch: -1, aborted: nil)
        }
        guard var txn = transactions[id] else {
            let txn = Transaction(transactionalId: id, producerId: allocateProducerId(), epoch: 0, timeoutMs: timeoutMs,
                                  state: .empty, partitions: [], groups: [], pendingOffsets: [], startedMs: nowMs)
            transactions[id] = txn
            return Initialized(error: .noError, producerId: txn.producerId, epoch: 0, aborted: nil)
        }
        if let expected, expected.producerId != txn.producerId || expected.epoch != txn.epoch {
            return Initialized(error: .producerFenced, producerId: -1, epoch: -1, aborted: nil)
        }
        switch txn.state {
        case .prepareCommit, .prepareAbort:
            return Initialized(error: .concurrentTransactions, producerId: -1, epoch: -1, aborted: nil)
        case .ongoing:
            bumpEpoch(&txn, allocateProducerId: allocateProducerId)
            let aborted = completion(of: txn, committed: false)
            txn.state = .prepareAbort
            txn.timeoutMs = timeoutMs
            transactions[id] = txn
            return Initialized(error: .noError, producerId: txn.producerId, epoch: txn.epoch, aborted: aborted)
        case .empty, .completeCommit, .completeAbort:
            bumpEpoch(&txn, allocateProducerId: allocateProducerId)
            txn.state = .empty
            txn.timeoutMs = timeoutMs
            transactions[id] = txn
            return Initialized(error: .noError, producerId: txn.producerId, epoch: txn.epoch, aborted: nil)
        }
    }

    /// AddPartitionsToTxn (the broker has checked that the partitions exist).
    public mutating func addPartitions(_ id: String, producerId: Int64, epoch: Int16, partitions: [TopicPartition],
                                       nowMs: Int64) -> ErrorCode {
        guard var txn = transactions[id] else { return .invalidProducerIdMapping }
        let error = check(txn, producerId: producerId, epoch: epoch)
        guard error == .noError else { return error }
        begin(&txn, nowMs: nowMs)
        txn.partitions.formUnion(partitions)
        transactions[id] = txn
        return .noError
    }

    /// AddOffsetsToTxn.
    public mutating func addOffsets(_ id: String, producerId: Int64, epoch: Int16, group: String, nowMs: Int64) -> ErrorCode {
        guard var txn = transactions[id] else { return .invalidProducerIdMapping }
        let error = check(txn, producerId: producerId, epoch: epoch)
        guard error == .noError else { return error }
        begin(&txn, nowMs: nowMs)
        txn.groups.insert(group)
        transactions[id] = txn
        return .noError
    }

    /// TxnOffsetCommit: the offsets are held until the transaction commits. The group must have been added.
    public mutating func commitOffsets(_ id: String, producerId: Int64, epoch: Int16, group: String,
                                       offsets: [PendingOffset]) -> ErrorCode {
        guard var txn = transactions[id], txn.producerId == producerId else { return .invalidProducerIdMapping }
        guard epoch == txn.epoch else { return epoch < txn.epoch ? .producerFenced : .invalidProducerEpoch }
        guard txn.state == .ongoing, txn.groups.contains(group) else { return .invalidTxnState }
        for offset in offsets {
            txn.pendingOffsets.removeAll { $0.group == offset.group && $0.partition == offset.partition }
            txn.pendingOffsets.append(offset)
        }
        transactions[id] = txn
        return .noError
    }

    /// EndTxn. A retry of the end that already happened succeeds without doing anything again.
    public mutating func end(_ id: String, producerId: Int64, epoch: Int16, commit: Bool) -> (ErrorCode, Completion?) {
        guard var txn = transactions[id] else { return (.invalidProducerIdMapping, nil) }
        let error = check(txn, producerId: producerId, epoch: epoch)
        guard error == .noError else { return (error, nil) }
        switch txn.state {
        case .ongoing:
            txn.state = commit ? .prepareCommit : .prepareAbort
            transactions[id] = txn
            return (.noError, completion(of: txn, committed: commit))
        case .completeCommit where commit, .completeAbort where !commit:
            return (.noError, nil)
        default:
            return (.invalidTxnState, nil)
        }
    }

    /// Marks a transaction's markers as written: it is complete and holds nothing any more.
    public mutating func complete(_ completion: Completion) {
        guard var txn = transactions[completion.transactionalId], txn.producerId == completion.producerId,
              txn.state == .prepareCommit || txn.state == .prepareAbort else { return }
        txn.state = txn.state == .prepareCommit ? .completeCommit : .completeAbort
        txn.partitions = []
        txn.groups = []
        txn.pendingOffsets = []
        transactions[completion.transactionalId] = txn
    }

    /// Aborts every transaction open longer than its timeout, bumping its epoch so the producer is fenced.
    public mutating func expire(nowMs: Int64, allocateProducerId: () -> Int64) -> [Completion] {
        var ended: [Completion] = []
        for id in transactions.keys.sorted() {
            guard var txn = transactions[id], txn.state == .ongoing, nowMs - txn.startedMs > Int64(txn.timeoutMs) else { continue }
            bumpEpoch(&txn, allocateProducerId: allocateProducerId)
            txn.state = .prepareAbort
            transactions[id] = txn
            ended.append(completion(of: txn, committed: false))
        }
        return ended
    }

    /// After a restart: a transaction that was open is aborted (epoch bumped, fencing the producer that had it open),
    /// and one whose end was decided but maybe not fully written is ended again the same way.
    public mutating func recover(allocateProducerId: () -> Int64) -> [Completion] {
        var ended: [Completion] = []
        for id in transactions.keys.sorted() {
            guard var txn = transactions[id] else { continue }
            switch txn.state {
            case .ongoing:
                bumpEpoch(&txn, allocateProducerId: allocateProducerId)
                txn.state = .prepareAbort
                ended.append(completion(of: txn, committed: false))
            case .prepareCommit, .prepareAbort:
                ended.append(completion(of: txn, committed: txn.state == .prepareCommit))
            default:
                continue
            }
            transactions[id] = txn
        }
        return ended
    }

    /// Whether a transactional batch of this producer may be appended to `partition`: its epoch is current and the
    /// partition was added to its open transaction.
    public func verifyProduce(producerId: Int64, epoch: Int16, partition: TopicPartition) -> ErrorCode {
        guard let txn = transactions.values.first(where: { $0.producerId == producerId }) else { return .invalidProducerIdMapping }
        guard epoch == txn.epoch else { return .invalidProducerEpoch }
        guard txn.state == .ongoing, txn.partitions.contains(partition) else { return .invalidTxnState }
        return .noError
    }

    /// Forgets a deleted topic's partitions in open transactions.
    public mutating func removeTopic(_ topic: String) {
        for (id, var txn) in transactions {
            txn.partitions = txn.partitions.filter { $0.topic != topic }
            txn.pendingOffsets.removeAll { $0.partition.topic == topic }
            transactions[id] = txn
        }
    }

    // MARK: Helpers

    private func check(_ txn: Transaction, producerId: Int64, epoch: Int16) -> ErrorCode {
        guard txn.producerId == producerId else { return .invalidProducerIdMapping }
        guard epoch == txn.epoch else { return epoch < txn.epoch ? .producerFenced : .invalidProducerEpoch }
        if txn.state == .prepareCommit || txn.state == .prepareAbort { return .concurrentTransactions }
        return .noError
    }

    private func begin(_ txn: inout Transaction, nowMs: Int64) {
        guard txn.state != .ongoing else { return }
        txn.state = .ongoing
        txn.partitions = []
        txn.groups = []
        txn.pendingOffsets = []
        txn.startedMs = nowMs
    }

    /// The next epoch; an exhausted epoch moves to a fresh producer id at epoch 0, as Kafka does.
    private func bumpEpoch(_ txn: inout Transaction, allocateProducerId: () -> Int64) {
        if txn.epoch >= Int16.max - 1 {
            txn.producerId = allocateProducerId()
            txn.epoch = 0
        } else {
            txn.epoch += 1
        }
    }

    private func completion(of txn: Transaction, committed: Bool) -> Completion {
        Completion(transactionalId: txn.transactionalId, producerId: txn.producerId, producerEpoch: txn.epoch,
                   committed: committed, partitions: txn.partitions.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) },
                   offsets: committed ? txn.pendingOffsets : [])
    }
}
