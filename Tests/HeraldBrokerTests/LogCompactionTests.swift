import Foundation
import HeraldKafkaProtocol
import NIOCore
import Testing
@testable import HeraldBroker

/// A real keyed batch (CRC included); a nil value is a tombstone, a nil key a record without key.
func keyedBatch(_ records: [(key: String?, value: String?)], baseTimestamp: Int64 = 1_000, producerId: Int64 = -1,
                epoch: Int16 = -1, sequence: Int32 = -1, transactional: Bool = false,
                compression: CompressionCodec = .none) throws -> ByteBuffer {
    var header = RecordBatchHeader()
    header.attributes = RecordBatchAttributes(rawValue: compression.rawValue | (transactional ? 0x10 : 0))
    header.baseTimestamp = baseTimestamp
    header.producerId = producerId
    header.producerEpoch = epoch
    header.baseSequence = sequence
    let built = records.enumerated().map { index, record in
        KafkaRecord(timestampDelta: Int64(index), offsetDelta: Int32(index), key: record.key.map { ByteBuffer(string: $0) },
                    value: record.value.map { ByteBuffer(string: $0) })
    }
    return try RecordBatch(records: built, header: header).bytes
}

/// Every record of `batches` as (offset, key, value), in order.
func contents(_ batches: [ByteBuffer]) throws -> [(offset: Int64, key: String?, value: String?)] {
    try batches.flatMap { bytes -> [(offset: Int64, key: String?, value: String?)] in
        let batch = try #require(try RecordBatch.parseAll(bytes).first)
        if batch.header.attributes.isControl { return [] }
        return try batch.records().map { record in
            (batch.header.baseOffset + Int64(record.offsetDelta), record.key.map { String(buffer: $0) },
             record.value.map { String(buffer: $0) })
        }
    }
}

func summary(_ records: [(offset: Int64, key: String?, value: String?)]) -> [String] {
    records.map { "\($0.offset):\($0.key ?? "-")=\($0.value ?? "null")" }
}

@Suite struct LogCompactionTests {
    func log(_ batches: [ByteBuffer]) throws -> PartitionLog {
        var log = PartitionLog()
        for batch in batches { try log.append(batch, appendTimeMs: 0) }
        return log
    }

    @Test func keepsTheLastRecordOfEachKeyAtItsOffset() throws {
        let log = try log([
            keyedBatch([("a", "1"), ("b", "1"), ("c", "1")]),
            keyedBatch([("a", "2"), ("b", "2")]),
            keyedBatch([("a", "3")], compression: .gzip),
            keyedBatch([("b", "gone")]),
        ])
        let result = LogCompaction.compact(log.liveBatches.prefix(3), aborted: [], policy: .init(), nowMs: 2_000)
        #expect(result.removedRecords == 3)
        #expect(summary(try contents(result.batches.map(\.bytes))) == ["2:c=1", "4:b=2", "5:a=3"])
        // Thinned batches keep their base offset and lastOffsetDelta and carry a correct CRC.
        let first = try #require(try RecordBatch.parseAll(result.batches[0].bytes).first)
        #expect(first.header.baseOffset == 0 && first.header.lastOffsetDelta == 2 && first.header.recordCount == 1)
        #expect(first.computedChecksum() == first.header.crc)
        #expect(result.batches[0].lastOffset == 2 && result.batches[0].maxTimestamp == 1_002)
        // A batch whose records all stay is kept byte for byte.
        #expect(result.batches[2].bytes == log.liveBatches[log.liveBatches.startIndex + 2].bytes)
        #expect(result.nextTombstoneExpiryMs == nil)
    }

    @Test func aBatchWithNothingLeftDisappears() throws {
        let log = try log([keyedBatch([("a", "1")]), keyedBatch([("a", "2")]), keyedBatch([("z", "end")])])
        let result = LogCompaction.compact(log.liveBatches.prefix(2), aborted: [], policy: .init(), nowMs: 2_000)
        #expect(result.batches.map(\.baseOffset) == [1])
        #expect(result.removedRecords == 1)
    }

    @Test func tombstonesStayUntilDeleteRetentionHasPassed() throws {
        let log = try log([
            keyedBatch([("a", "1"), ("b", "1")], baseTimestamp: 10_000),
            keyedBatch([("a", nil)], baseTimestamp: 20_000),
            keyedBatch([("z", "end")], baseTimestamp: 30_000),
        ])
        let cleanable = log.liveBatches.prefix(2)
        let early = LogCompaction.compact(cleanable, aborted: [], policy: .init(deleteRetentionMs: 5_000), nowMs: 24_000)
        #expect(summary(try contents(early.batches.map(\.bytes))) == ["1:b=1", "2:a=null"])
        #expect(early.nextTombstoneExpiryMs == 25_000)
        let late = LogCompaction.compact(cleanable, aborted: [], policy: .init(deleteRetentionMs: 5_000), nowMs: 25_000)
        #expect(summary(try contents(late.batches.map(\.bytes))) == ["1:b=1"])
        #expect(late.nextTombstoneExpiryMs == nil && late.removedRecords == 2)
    }

    @Test func recordsWithoutKeyAndAbortedRecordsGoControlBatchesStay() throws {
        var log = PartitionLog()
        try log.append(keyedBatch([("a", "committed"), (nil, "keyless")]), appendTimeMs: 0)
        try log.append(keyedBatch([("a", "aborted"), ("b", "aborted")], producerId: 7, epoch: 0, sequence: 0, transactional: true),
                       appendTimeMs: 0)
        try log.append(TransactionMarker(committed: false).batch(producerId: 7, producerEpoch: 0, timestampMs: 1_000), appendTimeMs: 0)
        try log.append(keyedBatch([("z", "end")]), appendTimeMs: 0)
        #expect(log.transactions.aborted == [.init(producerId: 7, firstOffset: 2, markerOffset: 4)])
        let result = LogCompaction.compact(log.liveBatches.prefix(3), aborted: log.transactions.aborted, policy: .init(), nowMs: 2_000)
        // The aborted "a" does not supersede the committed one.
        #expect(summary(try contents(result.batches.map(\.bytes))) == ["0:a=committed"])
        #expect(result.batches.map(\.baseOffset) == [0, 4])
        #expect(TransactionMarker(controlBatch: result.batches[1].bytes) == TransactionMarker(committed: false))
    }

    @Test func cleanableEndStopsAtTheNewestBatchTheLastStableOffsetAndTheCompactionLag() throws {
        let log = try log([
            keyedBatch([("a", "1")], baseTimestamp: 1_000),
            keyedBatch([("a", "2")], baseTimestamp: 5_000),
            keyedBatch([("a", "3")], baseTimestamp: 9_000),
        ])
        #expect(LogCompaction.cleanableEnd(log.liveBatches, lastStableOffset: 3, nowMs: 10_000, minCompactionLagMs: 0) == 2)
        #expect(LogCompaction.cleanableEnd(log.liveBatches, lastStableOffset: 1, nowMs: 10_000, minCompactionLagMs: 0) == 1)
        #expect(LogCompaction.cleanableEnd(log.liveBatches, lastStableOffset: 3, nowMs: 10_000, minCompactionLagMs: 6_000) == 1)
        #expect(LogCompaction.cleanableEnd(log.liveBatches, lastStableOffset: 3, nowMs: 10_000, minCompactionLagMs: 9_500) == 0)
    }

    @Test func aCompactedLogReadsAcrossItsGapsAndRestoresFromItsBytes() throws {
        var log = try log([
            keyedBatch([("a", "1"), ("d", "1"), ("b", "1")]),
            keyedBatch([("a", "2")]),
            keyedBatch([("a", "3")]),
            keyedBatch([("b", "2"), ("c", "1")], baseTimestamp: 3_000),
            keyedBatch([("z", "end")], baseTimestamp: 4_000),
        ])
        let end = LogCompaction.cleanableEnd(log.liveBatches, lastStableOffset: log.lastStableOffset, nowMs: 5_000, minCompactionLagMs: 0)
        let result = LogCompaction.compact(log.liveBatches.prefix { $0.baseOffset < end }, aborted: [], policy: .init(), nowMs: 5_000)
        log.replaceBatches(before: end, with: result.batches)
        #expect(log.logStartOffset == 0 && log.highWatermark == 8)
        #expect(log.sizeInBytes == log.liveBatches.reduce(0) { $0 + $1.size })
        guard case .batches(let all) = log.read(from: 0, maxBytes: 1 << 20) else { Issue.record("out of range"); return }
        #expect(summary(try contents(all)) == ["1:d=1", "4:a=3", "5:b=2", "6:c=1", "7:z=end"])
        // Offset 3 now lies in a gap (its batch is gone): the read starts at the next batch.
        guard case .batches(let fromGap) = log.read(from: 3, maxBytes: 1 << 20) else { Issue.record("out of range"); return }
        #expect(fromGap.first?.getInteger(at: 0, as: Int64.self) == 4)
        #expect(log.offset(forTimestamp: 3_001) == (3_001, 6))

        var restored = PartitionLog()
        for batch in log.liveBatches {
            #expect(BatchIntegrity.isIntact(batch.bytes))
            try restored.restore(batch.bytes, appendTimeMs: 0)
        }
        restored.restoreStart(0)
        #expect(restored.logStartOffset == 0 && restored.highWatermark == 8)
        guard case .batches(let again) = restored.read(from: 0, maxBytes: 1 << 20) else { Issue.record("out of range"); return }
        #expect(summary(try contents(again)) == summary(try contents(all)))
        // The segment format scans compacted batches like any other.
        var segment = ByteBuffer()
        for batch in log.liveBatches { var framed = SegmentFormat.frame(batch.bytes); segment.writeBuffer(&framed) }
        #expect(SegmentFormat.scan(segment, isIntact: BatchIntegrity.isIntact).batches.count == log.liveBatches.count)
    }

    @Test func topicConfigAcceptsTheCompactionPolicies() {
        var config = TopicConfig()
        #expect(config.set("cleanup.policy", "delete,compact") == nil)
        #expect(config.cleanupPolicy == "compact,delete" && config.compacts && config.deletes)
        #expect(config.set("cleanup.policy", "compact") == nil)
        #expect(config.compacts && !config.deletes)
        #expect(config.set("cleanup.policy", "shred") != nil)
        #expect(config.set("min.cleanable.dirty.ratio", "1.5") != nil)
        #expect(config.set("min.cleanable.dirty.ratio", "0.01") == nil)
        #expect(config.set("delete.retention.ms", "-1") != nil)
        #expect(config.set("delete.retention.ms", "100") == nil)
        #expect(config.set("segment.ms", "100") == nil)
        let described = Dictionary(uniqueKeysWithValues: config.entries(defaults: BrokerConfiguration()).map { ($0.name, $0.value) })
        #expect(described["cleanup.policy"] == "compact" && described["min.cleanable.dirty.ratio"] == "0.01")
        #expect(described["delete.retention.ms"] == "100" && described["segment.ms"] == "100")
        #expect(TopicConfig().entries(defaults: BrokerConfiguration()).map(\.name) == TopicConfig.names)
    }
}
