import HeraldKafkaProtocol
import Testing
@testable import HeraldBroker

@Suite struct TransactionCoordinatorTests {
    final class Counter { var next: Int64 = 100; func allocate() -> Int64 { defer { next += 1 }; return next } }

    let orders0 = TopicPartition("orders", 0)
    let orders1 = TopicPartition("orders", 1)

    @Test func initBumpsTheEpochAndFencesTheOlderProducer() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        let first = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(first.error == .noError && first.producerId == 100 && first.epoch == 0)
        let second = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(second.producerId == 100 && second.epoch == 1 && second.aborted == nil)
        #expect(coordinator.addPartitions("app", producerId: 100, epoch: 0, partitions: [orders0], nowMs: 0) == .producerFenced)
        #expect(coordinator.addPartitions("app", producerId: 100, epoch: 1, partitions: [orders0], nowMs: 0) == .noError)
        #expect(coordinator.addPartitions("app", producerId: 7, epoch: 1, partitions: [orders0], nowMs: 0) == .invalidProducerIdMapping)
        #expect(coordinator.addPartitions("other", producerId: 100, epoch: 1, partitions: [orders0], nowMs: 0) == .invalidProducerIdMapping)
        #expect(coordinator.initProducerId("app", timeoutMs: 0, nowMs: 0, allocateProducerId: ids.allocate).error == .invalidTransactionTimeout)
        #expect(coordinator.initProducerId("app", timeoutMs: 900_001, nowMs: 0, allocateProducerId: ids.allocate).error == .invalidTransactionTimeout)
    }

    @Test func initWithTheCurrentProducerIdAndEpochBumpsAnyOtherIsFenced() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        // A new id ignores what the request names (Kafka creates it).
        let first = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, expected: (55, 3), allocateProducerId: ids.allocate)
        #expect(first.error == .noError && first.producerId == 100 && first.epoch == 0)
        let bumped = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, expected: (100, 0), allocateProducerId: ids.allocate)
        #expect(bumped.error == .noError && bumped.producerId == 100 && bumped.epoch == 1)
        // The previous epoch, or another producer id, no longer holds the id.
        #expect(coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, expected: (100, 0), allocateProducerId: ids.allocate).error
                == .producerFenced)
        #expect(coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, expected: (101, 1), allocateProducerId: ids.allocate).error
                == .producerFenced)
        #expect(coordinator.transactions["app"]?.epoch == 1)
    }

    @Test func initWhileATransactionIsOpenAbortsItUnderTheNewEpoch() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        _ = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(coordinator.addPartitions("app", producerId: 100, epoch: 0, partitions: [orders1, orders0], nowMs: 0) == .noError)
        let again = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(again.epoch == 1)
        #expect(again.aborted == .init(transactionalId: "app", producerId: 100, producerEpoch: 1, committed: false,
                                       partitions: [orders0, orders1], offsets: []))
        #expect(coordinator.transactions["app"]?.state == .prepareAbort)
        coordinator.complete(again.aborted!)
        #expect(coordinator.transactions["app"]?.state == .completeAbort)
        #expect(coordinator.transactions["app"]?.partitions.isEmpty == true)
    }

    @Test func endCommitsOnceAndRetriesSucceed() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        _ = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(coordinator.end("app", producerId: 100, epoch: 0, commit: true).0 == .invalidTxnState)
        _ = coordinator.addPartitions("app", producerId: 100, epoch: 0, partitions: [orders0], nowMs: 0)
        #expect(coordinator.addOffsets("app", producerId: 100, epoch: 0, group: "g", nowMs: 0) == .noError)
        let pending = TransactionCoordinator.PendingOffset(group: "g", partition: orders1, offset: 5, metadata: "")
        #expect(coordinator.commitOffsets("app", producerId: 100, epoch: 0, group: "h", offsets: [pending]) == .invalidTxnState)
        #expect(coordinator.commitOffsets("app", producerId: 100, epoch: 0, group: "g", offsets: [pending]) == .noError)
        let (error, completion) = coordinator.end("app", producerId: 100, epoch: 0, commit: true)
        #expect(error == .noError)
        #expect(completion?.partitions == [orders0] && completion?.offsets == [pending] && completion?.committed == true)
        #expect(coordinator.end("app", producerId: 100, epoch: 0, commit: true).0 == .concurrentTransactions)
        coordinator.complete(completion!)
        let retry = coordinator.end("app", producerId: 100, epoch: 0, commit: true)
        #expect(retry.0 == .noError && retry.1 == nil)
        #expect(coordinator.end("app", producerId: 100, epoch: 0, commit: false).0 == .invalidTxnState)
    }

    @Test func producingNeedsTheCurrentEpochAndAnAddedPartition() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        _ = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(coordinator.verifyProduce(producerId: 100, epoch: 0, partition: orders0) == .invalidTxnState)
        _ = coordinator.addPartitions("app", producerId: 100, epoch: 0, partitions: [orders0], nowMs: 0)
        #expect(coordinator.verifyProduce(producerId: 100, epoch: 0, partition: orders0) == .noError)
        #expect(coordinator.verifyProduce(producerId: 100, epoch: 0, partition: orders1) == .invalidTxnState)
        #expect(coordinator.verifyProduce(producerId: 9, epoch: 0, partition: orders0) == .invalidProducerIdMapping)
        _ = coordinator.initProducerId("app", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        #expect(coordinator.verifyProduce(producerId: 100, epoch: 0, partition: orders0) == .invalidProducerEpoch)
    }

    @Test func timeoutsAbortAndFence() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        _ = coordinator.initProducerId("slow", timeoutMs: 1_000, nowMs: 0, allocateProducerId: ids.allocate)
        _ = coordinator.initProducerId("idle", timeoutMs: 1_000, nowMs: 0, allocateProducerId: ids.allocate)
        _ = coordinator.addPartitions("slow", producerId: 100, epoch: 0, partitions: [orders0], nowMs: 500)
        #expect(coordinator.expire(nowMs: 1_500, allocateProducerId: ids.allocate).isEmpty)
        let ended = coordinator.expire(nowMs: 1_501, allocateProducerId: ids.allocate)
        #expect(ended.map(\.transactionalId) == ["slow"] && ended[0].producerEpoch == 1 && !ended[0].committed)
        coordinator.complete(ended[0])
        #expect(coordinator.end("slow", producerId: 100, epoch: 0, commit: true).0 == .producerFenced)
    }

    @Test func recoveryAbortsOpenTransactionsAndFinishesDecidedOnes() {
        var coordinator = TransactionCoordinator()
        let ids = Counter()
        _ = coordinator.initProducerId("open", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        _ = coordinator.initProducerId("deciding", timeoutMs: 60_000, nowMs: 0, allocateProducerId: ids.allocate)
        _ = coordinator.addPartitions("open", producerId: 100, epoch: 0, partitions: [orders0], nowMs: 0)
        _ = coordinator.addPartitions("deciding", producerId: 101, epoch: 0, partitions: [orders1], nowMs: 0)
        _ = coordinator.end("deciding", producerId: 101, epoch: 0, commit: true)
        let ended = coordinator.recover(allocateProducerId: ids.allocate)
        #expect(ended.map(\.transactionalId) == ["deciding", "open"])
        #expect(ended[0].committed && ended[0].producerEpoch == 0)
        #expect(!ended[1].committed && ended[1].producerEpoch == 1)
    }
}
