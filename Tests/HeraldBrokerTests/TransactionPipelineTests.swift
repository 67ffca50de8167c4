import HeraldKafkaProtocol
import NIOCore
import Testing
@testable import HeraldBroker

/// A transactional producer's whole conversation through the real connection pipeline.
extension ConnectionPipelineTests {
    static func transactionalBatch(_ values: [String], producerId: Int64, epoch: Int16, sequence: Int32) throws -> ByteBuffer {
        var header = RecordBatchHeader()
        header.attributes = RecordBatchAttributes(rawValue: 0x10)
        header.baseTimestamp = 1_000
        header.producerId = producerId
        header.producerEpoch = epoch
        header.baseSequence = sequence
        let records = values.enumerated().map { KafkaRecord(offsetDelta: Int32($0), key: nil, value: ByteBuffer(string: $1)) }
        return try RecordBatch(records: records, header: header).bytes
    }

    @Test func transactionalProduceCommitAndReadCommittedFetch() throws {
        let harness = try Harness()
        var find = FindCoordinatorRequest(key: "app", keyType: 1)
        try harness.send(.findCoordinator(find), version: 2)
        guard case .findCoordinator(let coordinator)? = try harness.receive(.findCoordinator, version: 2)?.1 else {
            Issue.record("no coordinator"); return
        }
        #expect(coordinator.errorCode == .noError && coordinator.nodeId == KafkaRequestHandler.nodeId)
        find.keyType = 7
        try harness.send(.findCoordinator(find), version: 2)
        guard case .findCoordinator(let unknown)? = try harness.receive(.findCoordinator, version: 2)?.1 else { return }
        #expect(unknown.errorCode == .invalidRequest)

        var initRequest = InitProducerIdRequest()
        initRequest.transactionalId = "app"
        initRequest.transactionTimeoutMs = 60_000
        try harness.send(.initProducerId(initRequest), version: 1)
        guard case .initProducerId(let ids)? = try harness.receive(.initProducerId, version: 1)?.1 else { Issue.record("no id"); return }
        #expect(ids.errorCode == .noError && ids.producerEpoch == 0)

        var add = AddPartitionsToTxnRequest()
        add.transactionalId = "app"; add.producerId = ids.producerId; add.producerEpoch = 0
        add.topics = [.init(name: "t", partitions: [0]), .init(name: "missing", partitions: [0])]
        try harness.send(.addPartitionsToTxn(add), version: 2)
        guard case .addPartitionsToTxn(let refused)? = try harness.receive(.addPartitionsToTxn, version: 2)?.1 else { return }
        #expect(refused.results.map { $0.results[0].errorCode } == [.operationNotAttempted, .unknownTopicOrPartition])
        add.topics = [.init(name: "t", partitions: [0])]
        try harness.send(.addPartitionsToTxn(add), version: 2)
        guard case .addPartitionsToTxn(let added)? = try harness.receive(.addPartitionsToTxn, version: 2)?.1 else { return }
        #expect(added.results[0].results[0].errorCode == .noError)

        // A transactional batch without the request's transactional id is refused; with it, stored.
        let batch = try Self.transactionalBatch(["a", "b"], producerId: ids.producerId, epoch: 0, sequence: 0)
        try harness.send(Self.produce(batch), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.errorCode == .invalidRecord)
        guard case .produce(var produce) = Self.produce(batch) else { return }
        produce.transactionalId = "app"
        try harness.send(.produce(produce), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.baseOffset == 0)

        guard case .fetch(var fetch) = Self.fetch(offset: 0, maxWaitMs: 0) else { return }
        fetch.isolationLevel = 1
        try harness.send(.fetch(fetch), version: 11)
        guard case .fetch(let open)? = try harness.receive(.fetch, version: 11)?.1 else { Issue.record("no fetch"); return }
        #expect(open.topics[0].partitions[0].lastStableOffset == 0 && open.topics[0].partitions[0].highWatermark == 2)
        #expect(open.topics[0].partitions[0].records?.readableBytes == 0)

        var end = EndTxnRequest()
        end.transactionalId = "app"; end.producerId = ids.producerId; end.producerEpoch = 0; end.committed = true
        try harness.send(.endTxn(end), version: 2)
        guard case .endTxn(let ended)? = try harness.receive(.endTxn, version: 2)?.1 else { return }
        #expect(ended.errorCode == .noError)

        try harness.send(.fetch(fetch), version: 11)
        guard case .fetch(let done)? = try harness.receive(.fetch, version: 11)?.1 else { Issue.record("no fetch"); return }
        let partition = done.topics[0].partitions[0]
        #expect(partition.lastStableOffset == 3 && partition.highWatermark == 3)
        let batches = try RecordBatch.parseAll(try #require(partition.records))
        #expect(batches.map(\.header.attributes.isControl) == [false, true])
        #expect(try batches[1].verify() == ())
        #expect(TransactionMarker(controlBatch: batches[1].bytes) == TransactionMarker(committed: true))

        // The same producer id under an older epoch: fenced, answered per version (KIP-588).
        try harness.send(.initProducerId(initRequest), version: 1)
        _ = try harness.receive(.initProducerId, version: 1)
        try harness.send(.endTxn(end), version: 0)
        guard case .endTxn(let old)? = try harness.receive(.endTxn, version: 0)?.1 else { return }
        #expect(old.errorCode == .invalidProducerEpoch)
        try harness.send(.endTxn(end), version: 2)
        guard case .endTxn(let fenced)? = try harness.receive(.endTxn, version: 2)?.1 else { return }
        #expect(fenced.errorCode == .producerFenced)
    }
}
