import Foundation
import HeraldKafkaProtocol
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import HeraldBroker

@Suite struct BrokerTransactionTests {
    let tp = TopicPartition("orders", 0)

    func broker(dataDirectory: URL? = nil, clock: @escaping @Sendable () -> Int64 = { 0 }) throws -> BrokerState {
        var config = BrokerConfiguration()
        config.dataDirectory = dataDirectory
        config.initialTopics = ["orders": 2]
        return try BrokerState(configuration: config, clock: clock, logger: quietLogger)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-txn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Appends a transactional batch of `records` records for the producer.
    func produce(_ broker: BrokerState, _ producer: InitProducerIdResponse, records: Int32 = 2, sequence: Int32,
                 to partition: TopicPartition? = nil) -> BrokerState.AppendOutcome {
        // A real batch (CRC included): recovery checks every stored batch.
        var header = RecordBatchHeader()
        header.attributes = RecordBatchAttributes(rawValue: 0x10)
        header.baseTimestamp = 1_000
        header.producerId = producer.producerId
        header.producerEpoch = producer.producerEpoch
        header.baseSequence = sequence
        let values = (0..<records).map { KafkaRecord(offsetDelta: $0, key: nil, value: ByteBuffer(string: "r\($0)")) }
        guard let batch = try? RecordBatch(records: values, header: header).bytes else { return .failed(.corruptMessage, logStartOffset: -1) }
        return broker.append(batch, header: RecordBatchHeader(peekingAt: batch)!, to: partition ?? tp, sync: false)
    }

    func offsets(_ read: BrokerState.PartitionRead) -> [ClosedRange<Int64>] {
        read.batches.map { batch in
            let header = RecordBatchHeader(peekingAt: batch)!
            return header.baseOffset...header.lastOffset
        }
    }

    @Test func readCommittedStopsAtTheOpenTransactionAndCommitMakesItVisible() throws {
        let broker = try broker()
        let producer = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        #expect(producer.errorCode == .noError && producer.producerEpoch == 0)
        #expect(produce(broker, producer, sequence: 0) == .failed(.invalidTxnState, logStartOffset: 0))
        #expect(broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp]) == [tp: .noError])
        #expect(produce(broker, producer, sequence: 0) == .appended(baseOffset: 0, logStartOffset: 0))
        let plain = makeBatch(records: 1)
        _ = broker.append(plain, header: RecordBatchHeader(peekingAt: plain)!, to: tp, sync: false)

        let committed = broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true)
        #expect(committed.lastStableOffset == 0 && committed.highWatermark == 3 && committed.batches.isEmpty)
        #expect(offsets(broker.read(tp, from: 0, maxBytes: 1 << 20)) == [0...1, 2...2])
        #expect(broker.listOffset(tp, timestamp: -1, readCommitted: true).offset == 0)

        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: true) == .noError)
        let after = broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true)
        #expect(after.lastStableOffset == 4 && after.highWatermark == 4)
        #expect(offsets(after) == [0...1, 2...2, 3...3])
        #expect(after.abortedTransactions.isEmpty)
        let marker = TransactionMarker(controlBatch: after.batches[2])
        #expect(marker == TransactionMarker(committed: true))
        // A marker ends the transaction only in the partitions it added.
        #expect(broker.read(TopicPartition("orders", 1), from: 0, maxBytes: 1 << 20).highWatermark == 0)
    }

    @Test func abortedTransactionsAreListedForReadCommittedFetches() throws {
        let broker = try broker()
        let producer = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        _ = broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp])
        _ = produce(broker, producer, sequence: 0)
        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: false) == .noError)
        _ = broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp])
        _ = produce(broker, producer, sequence: 2)
        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: true) == .noError)

        let read = broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true)
        #expect(offsets(read) == [0...1, 2...2, 3...4, 5...5])
        #expect(read.abortedTransactions == [.init(producerId: producer.producerId, firstOffset: 0, markerOffset: 2)])
        #expect(broker.read(tp, from: 3, maxBytes: 1 << 20, readCommitted: true).abortedTransactions.isEmpty)
        #expect(broker.read(tp, from: 0, maxBytes: 1 << 20).abortedTransactions.isEmpty)
    }

    @Test func aSecondInitFencesTheFirstProducer() throws {
        let broker = try broker()
        let zombie = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        _ = broker.addPartitionsToTransaction("app", producerId: zombie.producerId, epoch: 0, partitions: [tp])
        _ = produce(broker, zombie, sequence: 0)
        let fresh = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        #expect(fresh.producerId == zombie.producerId && fresh.producerEpoch == 1)
        // The zombie's open transaction was aborted under the new epoch.
        #expect(broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true).abortedTransactions.count == 1)
        #expect(produce(broker, zombie, sequence: 2) == .failed(.invalidProducerEpoch, logStartOffset: 0))
        #expect(broker.endTransaction("app", producerId: zombie.producerId, epoch: 0, commit: true) == .producerFenced)
        #expect(broker.addPartitionsToTransaction("app", producerId: zombie.producerId, epoch: 0, partitions: [tp]) == [tp: .producerFenced])
    }

    @Test func offsetsCommittedInATransactionAppearOnlyWhenItCommits() throws {
        let broker = try broker()
        let producer = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        let entry = BrokerState.OffsetCommitEntry(partition: TopicPartition("orders", 1), offset: 17, metadata: "m")
        #expect(broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g", entries: [entry]) == [.invalidTxnState])
        #expect(broker.addOffsetsToTransaction("app", producerId: producer.producerId, epoch: 0, group: "g") == .noError)
        #expect(broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g", entries: [entry]) == [.noError])
        #expect(broker.fetchOffsets("g", partitions: [entry.partition]).first?.1 == nil)
        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: false) == .noError)
        #expect(broker.fetchOffsets("g", partitions: [entry.partition]).first?.1 == nil)
        _ = broker.addOffsetsToTransaction("app", producerId: producer.producerId, epoch: 0, group: "g")
        _ = broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g", entries: [entry])
        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: true) == .noError)
        #expect(broker.fetchOffsets("g", partitions: [entry.partition]).first?.1 == .init(offset: 17, metadata: "m"))
    }

    @Test func transactionalOffsetCommitsCheckTheNamedMemberAndGeneration() throws {
        let broker = try broker()
        let producer = broker.initTransactionalProducer("app", timeoutMs: 60_000)
        let entry = BrokerState.OffsetCommitEntry(partition: TopicPartition("orders", 1), offset: 17, metadata: "")
        #expect(broker.addOffsetsToTransaction("app", producerId: producer.producerId, epoch: 0, group: "g") == .noError)
        // v3 names the consumer: a member the group does not know, or a generation it is not at, is refused.
        #expect(broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g",
                                                  memberId: "ghost", generation: 1, entries: [entry]) == [.unknownMemberId])
        #expect(broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g",
                                                  memberId: "", generation: 4, entries: [entry]) == [.illegalGeneration])
        #expect(broker.commitTransactionalOffsets("app", producerId: producer.producerId, epoch: 0, group: "g",
                                                  memberId: "", generation: -1, entries: [entry]) == [.noError])
    }

    @Test func anAbandonedTransactionTimesOut() throws {
        let now = NIOLockedValueBox<Int64>(1_000)
        let broker = try broker(clock: { now.withLockedValue { $0 } })
        let producer = broker.initTransactionalProducer("app", timeoutMs: 5_000)
        _ = broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp])
        _ = produce(broker, producer, sequence: 0)
        now.withLockedValue { $0 = 6_000 }
        broker.expireTransactions()
        #expect(broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true).lastStableOffset == 0)
        now.withLockedValue { $0 = 6_001 }
        broker.expireTransactions()
        let read = broker.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true)
        #expect(read.lastStableOffset == 3 && read.abortedTransactions.count == 1)
        #expect(broker.transaction("app")?.state == .completeAbort && broker.transaction("app")?.epoch == 1)
        #expect(broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: true) == .producerFenced)
    }

    @Test func aRestartAbortsTheOpenTransactionAndKeepsCommittedOnes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let broker = try broker(dataDirectory: directory)
            let producer = broker.initTransactionalProducer("app", timeoutMs: 60_000)
            _ = broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp])
            _ = produce(broker, producer, sequence: 0)
            _ = broker.endTransaction("app", producerId: producer.producerId, epoch: 0, commit: true)
            _ = broker.addPartitionsToTransaction("app", producerId: producer.producerId, epoch: 0, partitions: [tp])
            _ = produce(broker, producer, sequence: 2)
            // No close(): the process dies with the transaction open.
        }
        let restarted = try broker(dataDirectory: directory)
        let read = restarted.read(tp, from: 0, maxBytes: 1 << 20, readCommitted: true)
        #expect(read.highWatermark == 6 && read.lastStableOffset == 6)
        #expect(offsets(read) == [0...1, 2...2, 3...4, 5...5])
        #expect(TransactionMarker(controlBatch: read.batches[3]) == TransactionMarker(committed: false))
        #expect(read.abortedTransactions.map(\.firstOffset) == [3])
        #expect(restarted.transaction("app")?.state == .completeAbort && restarted.transaction("app")?.epoch == 1)
        // Markers are not producer batches: the producer's sequence state survives them.
        let next = restarted.initTransactionalProducer("app", timeoutMs: 60_000)
        #expect(next.producerEpoch == 2)
        // A second restart finds nothing left to do.
        let again = try broker(dataDirectory: directory)
        #expect(again.read(tp, from: 0, maxBytes: 1 << 20).highWatermark == 6)
    }
}
