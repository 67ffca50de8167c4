import Foundation
import HeraldKafkaProtocol
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import HeraldBroker

@Suite struct BrokerCompactionTests {
    let tp = TopicPartition("table", 0)

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func broker(_ dir: URL?, now: NIOLockedValueBox<Int64>) throws -> BrokerState {
        var config = BrokerConfiguration()
        config.dataDirectory = dir
        config.retention = RetentionPolicy(maxBytes: 1)
        return try BrokerState(configuration: config, clock: { now.withLockedValue { $0 } }, logger: quietLogger)
    }

    func append(_ broker: BrokerState, _ records: [(key: String?, value: String?)], at timestamp: Int64) throws {
        let batch = try keyedBatch(records, baseTimestamp: timestamp)
        guard case .appended = broker.append(batch, header: RecordBatchHeader(peekingAt: batch)!, to: tp, sync: true) else {
            Issue.record("append failed"); return
        }
    }

    func readAll(_ broker: BrokerState) throws -> [String] {
        summary(try contents(broker.read(tp, from: 0, maxBytes: 1 << 20).batches))
    }

    @Test func aCompactedTopicKeepsTheLastValuePerKeyAcrossARestart() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = NIOLockedValueBox<Int64>(10_000)
        do {
            let broker = try broker(dir, now: now)
            #expect(broker.createTopic("table", partitions: 1, configs: [("cleanup.policy", "compact"), ("delete.retention.ms", "1000")])
                .0 == .noError)
            #expect(broker.createTopic("bad", partitions: 1, configs: [("cleanup.policy", "archive")]).0 == .invalidConfig)
            try append(broker, [("a", "1"), ("b", "1"), ("c", "1")], at: 9_000)
            try append(broker, [("a", "2"), ("b", nil)], at: 9_500)
            try append(broker, [("z", "end")], at: 9_900)
            // The broker-wide retention of one byte does not touch a compact-only topic.
            broker.applyRetention()
            #expect(try readAll(broker).count == 6)

            #expect(broker.compactLogs() == 2)
            #expect(try readAll(broker) == ["2:c=1", "3:a=2", "4:b=null", "5:z=end"])
            #expect(broker.compactLogs() == 0)
            broker.close()
        }
        do {
            let reopened = try broker(dir, now: now)
            #expect(try readAll(reopened) == ["2:c=1", "3:a=2", "4:b=null", "5:z=end"])
            #expect(reopened.listOffset(tp, timestamp: -2).offset == 0)
            #expect(reopened.listOffset(tp, timestamp: -1).offset == 6)
            #expect(reopened.topicConfig("table")?.cleanupPolicy == "compact")
            // Once delete.retention.ms has passed the tombstone goes too, without anything new appended.
            now.withLockedValue { $0 = 10_600 }
            #expect(reopened.compactLogs() == 1)
            #expect(try readAll(reopened) == ["2:c=1", "3:a=2", "5:z=end"])
            reopened.close()
        }
        let again = try broker(dir, now: now)
        #expect(try readAll(again) == ["2:c=1", "3:a=2", "5:z=end"])
        let next = try keyedBatch([("a", "3")])
        #expect(again.append(next, header: RecordBatchHeader(peekingAt: next)!, to: tp, sync: true)
                == .appended(baseOffset: 6, logStartOffset: 0))
        again.close()
    }

    @Test func aPassWaitsForTheDirtyRatio() throws {
        let now = NIOLockedValueBox<Int64>(10_000)
        let broker = try broker(nil, now: now)
        _ = broker.createTopic("table", partitions: 1, configs: [("cleanup.policy", "compact,delete"), ("retention.bytes", "-1")])
        for round in 0..<4 { try append(broker, [("a", "\(round)"), ("b", "\(round)")], at: 9_000) }
        #expect(broker.compactLogs() == 4)
        // Cleaned below offset 6; one more batch makes the one at 6 dirty: 1 of 2 cleanable batches, 0.5 runs.
        try append(broker, [("a", "4"), ("b", "4")], at: 9_000)
        #expect(broker.compactLogs() == 2)
        // A config change starts a pass over the whole log (nothing left to remove here).
        _ = broker.alterTopicConfig("table", changes: [("min.cleanable.dirty.ratio", "0.9")], replace: false, validateOnly: false)
        #expect(broker.compactLogs() == 0)
        try append(broker, [("a", "5"), ("b", "5")], at: 9_000)
        #expect(broker.compactLogs() == 0)
        _ = broker.alterTopicConfig("table", changes: [("min.cleanable.dirty.ratio", "0.4")], replace: false, validateOnly: false)
        #expect(broker.compactLogs() == 2)
        #expect(try readAll(broker) == ["8:a=4", "9:b=4", "10:a=5", "11:b=5"])
    }

    @Test func produceLimitsTellWhetherATopicIsCompacted() throws {
        let broker = try broker(nil, now: NIOLockedValueBox(0))
        _ = broker.createTopic("table", partitions: 1, configs: [("cleanup.policy", "compact")])
        #expect(broker.produceLimits("table")?.compacted == true)
        _ = broker.createTopic("plain", partitions: 1)
        #expect(broker.produceLimits("plain")?.compacted == false)
    }
}
