import Foundation
import HeraldKafkaProtocol
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import HeraldBroker

/// Idempotent-producer state across a restart on the same data directory: rebuilt from the stored batch headers.
@Suite struct ProducerStateRecoveryTests {
    let tp = TopicPartition("orders", 0)

    func configuration(_ dir: URL, retention: RetentionPolicy = .unlimited) -> BrokerConfiguration {
        var config = BrokerConfiguration()
        config.dataDirectory = dir
        config.initialTopics = ["orders": 1]
        config.retention = retention
        return config
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-producer-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A real (CRC-checked) batch of `count` records with sequences `sequence..<sequence+count`.
    func batch(_ count: Int, producerId: Int64 = 42, epoch: Int16 = 0, sequence: Int32, timestamp: Int64 = 1_000) throws -> ByteBuffer {
        var header = RecordBatchHeader()
        header.baseTimestamp = timestamp
        header.producerId = producerId
        header.producerEpoch = epoch
        header.baseSequence = sequence
        let records = (0..<count).map { index in
            KafkaRecord(offsetDelta: Int32(index), key: nil, value: ByteBuffer(string: "v\(Int(sequence) + index)"), headers: [])
        }
        return try RecordBatch(records: records, header: header).bytes
    }

    func append(_ broker: BrokerState, _ batch: ByteBuffer, to partition: TopicPartition? = nil) -> BrokerState.AppendOutcome {
        broker.append(batch, header: RecordBatchHeader(peekingAt: batch)!, to: partition ?? tp, sync: true)
    }

    /// Base offsets of the stored batches, oldest first.
    func storedBaseOffsets(_ broker: BrokerState) -> [Int64] {
        broker.read(tp, from: broker.listOffset(tp, timestamp: -2).offset, maxBytes: 1 << 30).batches.map { $0.getInteger(at: 0, as: Int64.self)! }
    }

    @Test func aBatchRetriedAfterReopeningGetsItsOriginalOffsetAndIsStoredOnce() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try batch(10, sequence: 0)
        do {
            let broker = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
            // A plain batch first, so the producer's batch does not sit at offset 0.
            #expect(append(broker, try batch(3, producerId: -1, epoch: -1, sequence: -1)) == .appended(baseOffset: 0, logStartOffset: 0))
            #expect(append(broker, first) == .appended(baseOffset: 3, logStartOffset: 0))
            broker.close()
        }
        let reopened = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
        defer { reopened.close() }
        #expect(append(reopened, first) == .duplicate(baseOffset: 3, logStartOffset: 0))
        #expect(storedBaseOffsets(reopened) == [0, 3])
        #expect(reopened.listOffset(tp, timestamp: -1).offset == 13)
        #expect(append(reopened, try batch(10, sequence: 10)) == .appended(baseOffset: 13, logStartOffset: 0))
        #expect(append(reopened, try batch(1, sequence: 30)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 0))
        #expect(storedBaseOffsets(reopened) == [0, 3, 13])
    }

    @Test func theRebuiltStateKeepsTheNewestEpochAndFencesOlderOnes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let broker = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
            #expect(append(broker, try batch(4, epoch: 0, sequence: 0)) == .appended(baseOffset: 0, logStartOffset: 0))
            #expect(append(broker, try batch(2, epoch: 1, sequence: 0)) == .appended(baseOffset: 4, logStartOffset: 0))
            broker.close()
        }
        let reopened = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
        defer { reopened.close() }
        #expect(append(reopened, try batch(1, epoch: 0, sequence: 4)) == .failed(.invalidProducerEpoch, logStartOffset: 0))
        #expect(append(reopened, try batch(2, epoch: 1, sequence: 0)) == .duplicate(baseOffset: 4, logStartOffset: 0))
        #expect(append(reopened, try batch(1, epoch: 2, sequence: 5)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 0))
        #expect(append(reopened, try batch(1, epoch: 1, sequence: 2)) == .appended(baseOffset: 6, logStartOffset: 0))
    }

    @Test func theRebuiltStateRemembersTheLastFiveBatchesPerProducerAndPartition() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = configuration(dir)
        config.initialTopics = ["orders": 2]
        let other = TopicPartition("orders", 1)
        do {
            let broker = try BrokerState(configuration: config, clock: { 0 }, logger: quietLogger)
            for index in 0..<7 {
                #expect(append(broker, try batch(2, sequence: Int32(2 * index))) == .appended(baseOffset: Int64(3 * index), logStartOffset: 0))
                // Another producer on the same partition, and the same producer on another partition, in between.
                _ = append(broker, try batch(1, producerId: 43, sequence: Int32(index)))
                _ = append(broker, try batch(1, sequence: Int32(index)), to: other)
            }
            broker.close()
        }
        let reopened = try BrokerState(configuration: config, clock: { 0 }, logger: quietLogger)
        defer { reopened.close() }
        // Producer 42's batches sit at offsets 0, 3, 6, … (each followed by producer 43's one record).
        #expect(append(reopened, try batch(2, sequence: 4)) == .duplicate(baseOffset: 6, logStartOffset: 0))
        #expect(append(reopened, try batch(2, sequence: 12)) == .duplicate(baseOffset: 18, logStartOffset: 0))
        #expect(append(reopened, try batch(2, sequence: 2)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 0))
        #expect(append(reopened, try batch(1, producerId: 43, sequence: 6)) == .duplicate(baseOffset: 20, logStartOffset: 0))
        #expect(append(reopened, try batch(1, sequence: 6), to: other) == .duplicate(baseOffset: 6, logStartOffset: 0))
        #expect(append(reopened, try batch(1, sequence: 7), to: other) == .appended(baseOffset: 7, logStartOffset: 0))
        #expect(append(reopened, try batch(1, sequence: 14)) == .appended(baseOffset: 21, logStartOffset: 0))
    }

    @Test func aTornTailIsCutBeforeTheStateIsRebuilt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let second = try batch(5, sequence: 5)
        do {
            let broker = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
            #expect(append(broker, try batch(5, sequence: 0)) == .appended(baseOffset: 0, logStartOffset: 0))
            #expect(append(broker, second) == .appended(baseOffset: 5, logStartOffset: 0))
            broker.close()
        }
        // The second batch only half reached the disk: it was never stored, so its retry must be appended.
        let url = try BrokerDataDirectory(root: dir).segmentURL(topic: "orders", partition: 0)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - second.readableBytes / 2).write(to: url)
        let reopened = try BrokerState(configuration: configuration(dir), clock: { 0 }, logger: quietLogger)
        defer { reopened.close() }
        #expect(reopened.listOffset(tp, timestamp: -1).offset == 5)
        #expect(append(reopened, try batch(5, sequence: 0)) == .duplicate(baseOffset: 0, logStartOffset: 0))
        #expect(append(reopened, second) == .appended(baseOffset: 5, logStartOffset: 0))
        #expect(append(reopened, second) == .duplicate(baseOffset: 5, logStartOffset: 0))
    }

    @Test func retentionThatDropsAProducersBatchesKeepsItsStateWhileRunning() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = NIOLockedValueBox<Int64>(10_000)
        let broker = try BrokerState(configuration: configuration(dir, retention: RetentionPolicy(maxAgeMs: 1_000)),
                                     clock: { now.withLockedValue { $0 } }, logger: quietLogger)
        defer { broker.close() }
        let old = try batch(3, sequence: 0, timestamp: 10_000)
        #expect(append(broker, old) == .appended(baseOffset: 0, logStartOffset: 0))
        now.withLockedValue { $0 = 20_000 }
        broker.applyRetention()
        #expect(broker.listOffset(tp, timestamp: -2).offset == 3)
        // As in Kafka since KIP-360: the state outlives the batches, so a retry still gets its original offset
        // and the next batch is checked against it.
        #expect(append(broker, old) == .duplicate(baseOffset: 0, logStartOffset: 3))
        #expect(append(broker, try batch(1, sequence: 5, timestamp: 20_000)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 3))
        #expect(append(broker, try batch(1, sequence: 3, timestamp: 20_000)) == .appended(baseOffset: 3, logStartOffset: 3))
    }

    @Test func aProducerWhoseBatchesRetentionRemovedIsUnknownAfterARestartAndAccepted() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = NIOLockedValueBox<Int64>(10_000)
        let config = configuration(dir, retention: RetentionPolicy(maxAgeMs: 1_000))
        do {
            let broker = try BrokerState(configuration: config, clock: { now.withLockedValue { $0 } }, logger: quietLogger)
            #expect(append(broker, try batch(3, sequence: 0, timestamp: 10_000)) == .appended(baseOffset: 0, logStartOffset: 0))
            #expect(append(broker, try batch(2, producerId: 43, sequence: 0, timestamp: 10_000)) == .appended(baseOffset: 3, logStartOffset: 0))
            now.withLockedValue { $0 = 20_000 }
            broker.applyRetention()
            #expect(append(broker, try batch(2, producerId: 43, sequence: 2, timestamp: 20_000)) == .appended(baseOffset: 5, logStartOffset: 5))
            broker.close()
        }
        let reopened = try BrokerState(configuration: config, clock: { now.withLockedValue { $0 } }, logger: quietLogger)
        defer { reopened.close() }
        #expect(storedBaseOffsets(reopened) == [5])
        // Producer 42 has no batch left on disk. Its next batch carries sequence 3; like Kafka with no state for a
        // producer, any sequence is accepted (never UNKNOWN_PRODUCER_ID), and the state is strict again from there.
        #expect(append(reopened, try batch(2, sequence: 3, timestamp: 20_000)) == .appended(baseOffset: 7, logStartOffset: 5))
        #expect(append(reopened, try batch(2, sequence: 3, timestamp: 20_000)) == .duplicate(baseOffset: 7, logStartOffset: 5))
        #expect(append(reopened, try batch(1, sequence: 9, timestamp: 20_000)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 5))
        // Producer 43 kept a batch on disk, so it is known.
        #expect(append(reopened, try batch(2, producerId: 43, sequence: 2, timestamp: 20_000)) == .duplicate(baseOffset: 5, logStartOffset: 5))
        #expect(append(reopened, try batch(1, producerId: 43, sequence: 5, timestamp: 20_000)) == .failed(.outOfOrderSequenceNumber, logStartOffset: 5))
    }
}
