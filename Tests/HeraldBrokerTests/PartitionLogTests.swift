import HeraldKafkaProtocol
import NIOCore
import Testing
@testable import HeraldBroker

@Suite struct PartitionLogTests {
    @Test func appendAssignsOffsetsAndRewritesBaseOffsetOutsideTheCRC() throws {
        var log = PartitionLog()
        let first = try log.append(makeBatch(records: 3, baseOffset: 999), appendTimeMs: 0)
        let second = try log.append(makeBatch(records: 2), appendTimeMs: 0)
        #expect(first.baseOffset == 0 && first.lastOffset == 2)
        #expect(second.baseOffset == 3 && second.lastOffset == 4)
        #expect(log.highWatermark == 5)
        #expect(log.logStartOffset == 0)
        #expect(second.bytes.getInteger(at: 0, as: Int64.self) == 3)
        #expect(second.bytes.getInteger(at: 12, as: Int32.self) == 0)
        // Bytes from the attributes on are untouched.
        let original = makeBatch(records: 2)
        #expect(Array(second.bytes.readableBytesView.dropFirst(17)) == Array(original.readableBytesView.dropFirst(17)))
    }

    @Test func rejectsMalformedBatches() {
        var log = PartitionLog()
        var short = ByteBuffer(); short.writeInteger(Int64(0))
        #expect(throws: StoredBatchShapeError.self) { try log.append(short, appendTimeMs: 0) }
        var badMagic = makeBatch(); badMagic.setInteger(Int8(1), at: 16)
        #expect(throws: StoredBatchShapeError.unsupportedMagic(1)) { try log.append(badMagic, appendTimeMs: 0) }
        var badDelta = makeBatch(records: 3); badDelta.setInteger(Int32(5), at: 23)
        #expect(throws: StoredBatchShapeError.self) { try log.append(badDelta, appendTimeMs: 0) }
        var badLength = makeBatch(); badLength.setInteger(Int32(10_000), at: 8)
        #expect(throws: StoredBatchShapeError.self) { try log.append(badLength, appendTimeMs: 0) }
        #expect(log.highWatermark == 0)
    }

    @Test func readReturnsWholeBatchesFromTheOneContainingTheOffset() throws {
        var log = PartitionLog()
        for _ in 0..<4 { try log.append(makeBatch(records: 10, payloadBytes: 100), appendTimeMs: 0) }
        let size = makeBatch(records: 10, payloadBytes: 100).readableBytes
        guard case .batches(let fromMiddle) = log.read(from: 15, maxBytes: size * 2) else { Issue.record("out of range"); return }
        #expect(fromMiddle.count == 2)
        #expect(fromMiddle.first?.getInteger(at: 0, as: Int64.self) == 10)
        // Always at least one batch, even over the limit.
        guard case .batches(let tiny) = log.read(from: 0, maxBytes: 1) else { Issue.record("out of range"); return }
        #expect(tiny.count == 1)
        guard case .batches(let atEnd) = log.read(from: 40, maxBytes: 1_000) else { Issue.record("out of range"); return }
        #expect(atEnd.isEmpty)
        guard case .offsetOutOfRange = log.read(from: 41, maxBytes: 1_000) else { Issue.record("expected out of range"); return }
        #expect(log.bytesAvailable(from: 30) == size)
        #expect(log.bytesAvailable(from: 40) == 0)
    }

    @Test func listOffsetsByTimestamp() throws {
        var log = PartitionLog()
        try log.append(makeBatch(records: 2, baseTimestamp: 100, maxTimestamp: 150), appendTimeMs: 0)
        try log.append(makeBatch(records: 2, baseTimestamp: 200, maxTimestamp: 250), appendTimeMs: 0)
        #expect(log.offset(forTimestamp: -1) == (-1, 4))
        #expect(log.offset(forTimestamp: -2) == (-1, 0))
        #expect(log.offset(forTimestamp: 120) == (150, 0))
        #expect(log.offset(forTimestamp: 151) == (250, 2))
        #expect(log.offset(forTimestamp: 251) == (-1, -1))
    }

    @Test func listOffsetsFindsRecordsInsideBatches() throws {
        // Records at 100, 300, 200 in one batch, 250 in the next: lookups answer the record, not the batch.
        var header = RecordBatchHeader()
        header.baseTimestamp = 100
        let records = [0, 200, 100].enumerated().map { KafkaRecord(timestampDelta: Int64($1), offsetDelta: Int32($0), key: nil, value: nil) }
        var log = PartitionLog()
        try log.append(try RecordBatch(records: records, header: header).bytes, appendTimeMs: 0)
        header.baseTimestamp = 250
        try log.append(try RecordBatch(records: [KafkaRecord(offsetDelta: 0, key: nil, value: nil)], header: header).bytes, appendTimeMs: 0)
        #expect(log.offset(forTimestamp: 150) == (300, 1))
        #expect(log.offset(forTimestamp: 260) == (300, 1))
        #expect(log.offset(forTimestamp: 301) == (-1, -1))
        #expect(log.offset(forTimestamp: -3) == (300, 1))
        #expect(PartitionLog().offset(forTimestamp: -3) == (-1, -1))
    }

    @Test func retentionBySizeDropsWholeOldestBatchesAndAdvancesLogStart() throws {
        var log = PartitionLog()
        for _ in 0..<5 { try log.append(makeBatch(records: 2, payloadBytes: 39), appendTimeMs: 0) }
        let size = makeBatch(records: 2, payloadBytes: 39).readableBytes
        #expect(log.sizeInBytes == size * 5)
        let dropped = log.applyRetention(RetentionPolicy(maxBytes: size * 2 + 1), nowMs: 0)
        #expect(dropped == 3)
        #expect(log.logStartOffset == 6)
        #expect(log.highWatermark == 10)
        #expect(log.offset(forTimestamp: -2) == (-1, 6))
        guard case .offsetOutOfRange = log.read(from: 5, maxBytes: 100) else { Issue.record("expected out of range"); return }
        guard case .batches(let rest) = log.read(from: 6, maxBytes: 10_000) else { Issue.record("out of range"); return }
        #expect(rest.count == 2)
        // The newest batch always stays.
        log.applyRetention(RetentionPolicy(maxBytes: 1), nowMs: 0)
        #expect(log.logStartOffset == 8)
        #expect(log.liveBatches.count == 1)
    }

    @Test func retentionByTimeUsesMaxTimestamps() throws {
        var log = PartitionLog()
        try log.append(makeBatch(baseTimestamp: 1_000), appendTimeMs: 0)
        try log.append(makeBatch(baseTimestamp: 5_000), appendTimeMs: 0)
        try log.append(makeBatch(baseTimestamp: 9_000), appendTimeMs: 0)
        #expect(log.applyRetention(RetentionPolicy(maxAgeMs: 3_000), nowMs: 9_500) == 2)
        #expect(log.logStartOffset == 2)
        #expect(log.applyRetention(RetentionPolicy(maxAgeMs: 3_000), nowMs: 20_000) == 1)
        #expect(log.logStartOffset == 3 && log.highWatermark == 3)
        guard case .batches(let none) = log.read(from: 3, maxBytes: 100) else { Issue.record("out of range"); return }
        #expect(none.isEmpty)
    }

    @Test func manyDropsKeepIndexConsistent() throws {
        var log = PartitionLog()
        for round in 0..<300 {
            try log.append(makeBatch(records: 1, payloadBytes: 10), appendTimeMs: 0)
            log.applyRetention(RetentionPolicy(maxBytes: 200), nowMs: 0)
            guard case .batches(let batches) = log.read(from: log.logStartOffset, maxBytes: 1_000) else {
                Issue.record("out of range at round \(round)"); return
            }
            #expect(batches.first?.getInteger(at: 0, as: Int64.self) == log.logStartOffset)
        }
        #expect(log.highWatermark == 300)
    }
}

@Suite struct PrefaultTests {
    /// Prefaulting maps pages only: indices, capacity and later writes are untouched, for large and small buffers.
    @Test func prefaultingLeavesTheBufferAsItWas() {
        for capacity in [100, 16 * 4096, 700_001] {
            var buffer = ByteBufferAllocator().buffer(capacity: capacity)
            buffer.writeInteger(UInt32(7))
            let (reader, writer, writable) = (buffer.readerIndex, buffer.writerIndex, buffer.writableBytes)
            buffer.prefaultWritableBytes()
            #expect(buffer.readerIndex == reader && buffer.writerIndex == writer && buffer.writableBytes == writable)
            let payload = (0..<(capacity - 4)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            buffer.writeBytes(payload)
            #expect(buffer.readInteger(as: UInt32.self) == 7)
            #expect(buffer.readBytes(length: payload.count) == payload)
        }
    }

    /// A large batch is stored byte for byte (apart from the rewritten base offset and leader epoch).
    @Test func largeBatchIsStoredIntact() throws {
        var log = PartitionLog()
        _ = try log.append(makeBatch(records: 1), appendTimeMs: 0)
        let batch = makeBatch(records: 3, payloadBytes: 300_000)
        #expect(batch.readableBytes > 16 * 4096)
        let stored = try log.append(batch, appendTimeMs: 0)
        #expect(stored.bytes.getSlice(at: stored.bytes.readerIndex + 16, length: batch.readableBytes - 16)
                == batch.getSlice(at: batch.readerIndex + 16, length: batch.readableBytes - 16))
        #expect(stored.bytes.getInteger(at: stored.bytes.readerIndex, as: Int64.self) == 1)
    }
}
