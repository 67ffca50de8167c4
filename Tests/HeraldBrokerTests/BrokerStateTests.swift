import Foundation
import HeraldKafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import HeraldBroker

@Suite struct BrokerStateTests {
    func configuration(dataDirectory: URL? = nil, topics: [String: Int32] = ["orders": 2]) -> BrokerConfiguration {
        var config = BrokerConfiguration()
        config.dataDirectory = dataDirectory
        config.initialTopics = topics
        return config
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-broker-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func header(_ batch: ByteBuffer) -> RecordBatchHeader { RecordBatchHeader(peekingAt: batch)! }

    @Test func topicsAutoCreateAndValidateNames() throws {
        let broker = try BrokerState(configuration: configuration(), clock: { 0 }, logger: quietLogger)
        #expect(broker.topicList().map(\.name) == ["orders"])
        #expect(broker.ensureTopic("new.topic", autoCreate: false).error == .unknownTopicOrPartition)
        let created = broker.ensureTopic("new.topic", autoCreate: true)
        #expect(created.error == .noError && created.partitions == 1)
        #expect(broker.ensureTopic("bad name", autoCreate: true).error == .invalidTopic)
        #expect(broker.createTopic("orders", partitions: 3).0 == .topicAlreadyExists)
        #expect(broker.createTopic("three", partitions: 3).0 == ErrorCode.noError)
        #expect(broker.partitionCount("three") == 3)
        #expect(broker.deleteTopic("three") == ErrorCode.noError)
        #expect(broker.deleteTopic("three") == .unknownTopicOrPartition)
    }

    @Test func idempotentRetriesAreAnsweredWithTheOriginalOffset() throws {
        let broker = try BrokerState(configuration: configuration(), clock: { 0 }, logger: quietLogger)
        let tp = TopicPartition("orders", 1)
        let first = makeBatch(records: 2, producerId: 9, epoch: 0, baseSequence: 0)
        #expect(broker.append(first, header: header(first), to: tp, sync: false) == .appended(baseOffset: 0, logStartOffset: 0))
        #expect(broker.append(first, header: header(first), to: tp, sync: false) == .duplicate(baseOffset: 0, logStartOffset: 0))
        let gap = makeBatch(records: 1, producerId: 9, epoch: 0, baseSequence: 5)
        #expect(broker.append(gap, header: header(gap), to: tp, sync: false) == .failed(.outOfOrderSequenceNumber, logStartOffset: 0))
        let next = makeBatch(records: 1, producerId: 9, epoch: 0, baseSequence: 2)
        #expect(broker.append(next, header: header(next), to: tp, sync: false) == .appended(baseOffset: 2, logStartOffset: 0))
        #expect(broker.read(tp, from: 0, maxBytes: 1 << 20).batches.count == 2)
        #expect(broker.append(next, header: header(next), to: TopicPartition("orders", 7), sync: false) == .failed(.unknownTopicOrPartition, logStartOffset: -1))
    }

    @Test func parkedFetchWakesOnAppend() throws {
        let broker = try BrokerState(configuration: configuration(), clock: { 0 }, logger: quietLogger)
        let tp = TopicPartition("orders", 0)
        let woken = NIOLockedValueBox(0)
        let id = broker.parkFetch([tp: 0], minBytes: 1) { woken.withLockedValue { $0 += 1 } }
        #expect(id != nil)
        let batch = makeBatch()
        _ = broker.append(batch, header: header(batch), to: TopicPartition("orders", 1), sync: false)
        #expect(woken.withLockedValue { $0 } == 0)
        _ = broker.append(batch, header: header(batch), to: tp, sync: false)
        #expect(woken.withLockedValue { $0 } == 1)
        // Data is there now, so a new fetch is not parked.
        #expect(broker.parkFetch([tp: 0], minBytes: 1) {} == nil)
    }

    @Test func commitsFromNonMembersNeedAnEmptyGroup() throws {
        let broker = try BrokerState(configuration: configuration(), clock: { 0 }, logger: quietLogger)
        let entry = BrokerState.OffsetCommitEntry(partition: TopicPartition("orders", 0), offset: 5, metadata: "")
        #expect(broker.commitOffsets("g", memberId: "", generation: -1, entries: [entry]) == [ErrorCode.noError])
        let missing = BrokerState.OffsetCommitEntry(partition: TopicPartition("nope", 0), offset: 5, metadata: "")
        #expect(broker.commitOffsets("g", memberId: "", generation: -1, entries: [missing]) == [.unknownTopicOrPartition])
        #expect(broker.fetchOffsets("g", partitions: [TopicPartition("orders", 0), TopicPartition("orders", 1)]).map { $0.1?.offset } == [5, nil])
        #expect(broker.fetchOffsets("g", partitions: nil).count == 1)
    }

    @Test func dataDirectorySurvivesARestart() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let broker = try BrokerState(configuration: configuration(dataDirectory: dir), clock: { 0 }, logger: quietLogger)
            let created = broker.ensureTopic("auto", autoCreate: true)
            #expect(created.error == .noError && created.partitions == 1)
            for partition in Int32(0)..<2 {
                let batch = try ConnectionPipelineTests.batch(["a", "b", "c"], producerId: 4, epoch: 0, sequence: 0)
                #expect(broker.append(batch, header: header(batch), to: TopicPartition("orders", partition), sync: true)
                        == .appended(baseOffset: 0, logStartOffset: 0))
            }
            _ = broker.commitOffsets("g", memberId: "", generation: -1,
                                     entries: [.init(partition: TopicPartition("orders", 1), offset: 2, metadata: "m")])
            #expect(broker.allocateProducerId() == 1)
            #expect(broker.allocateProducerId() == 2)
            broker.close()
        }
        let reopened = try BrokerState(configuration: configuration(dataDirectory: dir, topics: [:]), clock: { 0 }, logger: quietLogger)
        #expect(reopened.topicList().map(\.name) == ["auto", "orders"])
        #expect(reopened.listOffset(TopicPartition("orders", 0), timestamp: -1).offset == 3)
        #expect(reopened.read(TopicPartition("orders", 1), from: 1, maxBytes: 100).batches.count == 1)
        #expect(reopened.fetchOffsets("g", partitions: [TopicPartition("orders", 1)]).first?.1 == .init(offset: 2, metadata: "m"))
        #expect(reopened.allocateProducerId() == 3)
        // The producer's state was rebuilt from the log: its next sequence is appended at the log end.
        let later = try ConnectionPipelineTests.batch(["d"], producerId: 4, epoch: 0, sequence: 3)
        #expect(reopened.append(later, header: header(later), to: TopicPartition("orders", 0), sync: true)
                == .appended(baseOffset: 3, logStartOffset: 0))
        reopened.close()
    }

    @Test func retentionWithDataDirectoryKeepsOffsetsMonotonicAcrossRestarts() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = configuration(dataDirectory: dir, topics: ["t": 1])
        config.retention = RetentionPolicy(maxAgeMs: 1_000)
        let now = NIOLockedValueBox<Int64>(10_000)
        do {
            let broker = try BrokerState(configuration: config, clock: { now.withLockedValue { $0 } }, logger: quietLogger)
            for _ in 0..<3 {
                let batch = makeBatch(baseTimestamp: 10_000)
                _ = broker.append(batch, header: header(batch), to: TopicPartition("t", 0), sync: true)
            }
            now.withLockedValue { $0 = 20_000 }
            broker.applyRetention()
            #expect(broker.listOffset(TopicPartition("t", 0), timestamp: -2).offset == 3)
            broker.close()
        }
        let reopened = try BrokerState(configuration: config, clock: { now.withLockedValue { $0 } }, logger: quietLogger)
        #expect(reopened.listOffset(TopicPartition("t", 0), timestamp: -2).offset == 3)
        #expect(reopened.listOffset(TopicPartition("t", 0), timestamp: -1).offset == 3)
        reopened.close()
    }
}

@Suite struct RecoveryIntegrityTests {
    @Test func recoveryDropsABatchWhoseCRCNoLongerMatches() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herald-crc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = BrokerConfiguration()
        config.dataDirectory = dir
        config.initialTopics = ["t": 1]
        do {
            let broker = try BrokerState(configuration: config, clock: { 0 }, logger: quietLogger)
            for value in ["one", "two"] {
                let batch = try ConnectionPipelineTests.batch([value])
                _ = broker.append(batch, header: RecordBatchHeader(peekingAt: batch)!, to: TopicPartition("t", 0), sync: true)
            }
            broker.close()
        }
        // Flip the last byte of the file: the second batch's records no longer match its CRC.
        let url = try BrokerDataDirectory(root: dir).segmentURL(topic: "t", partition: 0)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: url)
        let reopened = try BrokerState(configuration: config, clock: { 0 }, logger: quietLogger)
        #expect(reopened.listOffset(TopicPartition("t", 0), timestamp: -1).offset == 1)
        reopened.close()
        #expect(try Data(contentsOf: url).count < bytes.count)
    }
}
