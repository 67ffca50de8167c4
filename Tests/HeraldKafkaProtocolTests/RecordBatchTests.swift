import NIOCore
import Testing
@testable import HeraldKafkaProtocol

/// Fixtures derived by hand from the v2 record batch layout; the CRCs were computed separately (bitwise CRC-32C).
enum BatchFixtures {
    // Record 0: key null, value "hi", no headers. Record 1: timestampDelta 5, key "k", empty value,
    // one header "h" with a null value. Lengths and deltas are zig-zag varints.
    static let records = "10 00 00 00 01 04 6869 00 | 14 00 0a 02 02 6b 00 02 02 68 01"
    static let plain = """
        0000000000000000 00000045 ffffffff 02 4731fae1 | 0000 00000001 0000018bcfe56800 0000018bcfe56805 \
        ffffffffffffffff ffff ffffffff 00000002 | \(records)
        """
    // The same records gzip-compressed (Python's gzip.compress with mtime 0), attributes 1.
    static let gzipped = "1f8b0800000000000203136060606064c9c8641061e06262ca666062ca600400359cc3b214000000"
    static let compressed = """
        0000000000000000 00000059 ffffffff 02 a2273acf | 0001 00000001 0000018bcfe56800 0000018bcfe56805 \
        ffffffffffffffff ffff ffffffff 00000002 | \(gzipped)
        """

    static let expectedRecords = [
        KafkaRecord(timestampDelta: 0, offsetDelta: 0, key: nil, value: ByteBuffer(string: "hi")),
        KafkaRecord(timestampDelta: 5, offsetDelta: 1, key: ByteBuffer(string: "k"), value: ByteBuffer(),
                    headers: [KafkaRecordHeader(key: "h", value: nil)]),
    ]

    static var header: RecordBatchHeader {
        var header = RecordBatchHeader()
        header.baseTimestamp = 1_700_000_000_000
        return header
    }
}

@Suite struct RecordBatchTests {
    @Test func parsesTheHandBuiltBatch() throws {
        let batches = try RecordBatch.parseAll(bytes(BatchFixtures.plain))
        #expect(batches.count == 1)
        let batch = batches[0]
        #expect(batch.header.batchLength == 69)
        #expect(batch.header.recordCount == 2)
        #expect(batch.header.lastOffsetDelta == 1)
        #expect(batch.header.baseTimestamp == 1_700_000_000_000)
        #expect(batch.header.maxTimestamp == 1_700_000_000_005)
        #expect(batch.header.producerId == -1)
        #expect(batch.header.attributes.compression == CompressionCodec.none)
        try batch.verify()
        let records = try batch.records()
        #expect(records == BatchFixtures.expectedRecords)
        #expect(records[0].key == nil && records[1].value == ByteBuffer())
    }

    @Test func peeksAtAHeaderWithoutValidating() throws {
        let plain = bytes(BatchFixtures.plain)
        let header = try #require(RecordBatchHeader(peekingAt: plain))
        #expect(header.crc == 0x4731_FAE1 && header.recordCount == 2 && header.totalSize == 81)
        #expect(RecordBatchHeader(peekingAt: plain.getSlice(at: 0, length: 60)!) == nil)
        var written = ByteBuffer()
        header.write(to: &written)
        #expect(written == plain.getSlice(at: 0, length: 61)!)
    }

    @Test func buildsTheHandBuiltBatchByteForByte() throws {
        let batch = try RecordBatch(records: BatchFixtures.expectedRecords, header: BatchFixtures.header)
        #expect(hex(batch.bytes) == hex(bytes(BatchFixtures.plain)))
        #expect(batch.header.crc == 0x4731_FAE1)
    }

    @Test func parsesTheGzipFixture() throws {
        let batch = try #require(try RecordBatch.parseAll(bytes(BatchFixtures.compressed)).first)
        #expect(batch.header.attributes.compression == .gzip)
        try batch.verify()
        #expect(try batch.records() == BatchFixtures.expectedRecords)
    }

    @Test func gzipRoundTrips() throws {
        var header = BatchFixtures.header
        header.attributes = RecordBatchAttributes(compression: .gzip)
        let batch = try RecordBatch(records: BatchFixtures.expectedRecords, header: header)
        let reparsed = try #require(try RecordBatch.parseAll(batch.bytes).first)
        try reparsed.verify()
        #expect(try reparsed.records() == BatchFixtures.expectedRecords)
    }

    @Test func decompressionBombIsRefused() throws {
        let big = KafkaRecord(offsetDelta: 0, key: nil, value: ByteBuffer(repeating: 0x41, count: 2_000_000))
        var header = BatchFixtures.header
        header.attributes = RecordBatchAttributes(compression: .gzip)
        let batch = try RecordBatch(records: [big], header: header)
        #expect(batch.bytes.readableBytes < 10_000)
        #expect(throws: RecordBatchError.uncompressedTooLarge(maximum: 1_000_000)) {
            try batch.records(limits: RecordBatchLimits(maximumUncompressedBytes: 1_000_000))
        }
        #expect(try batch.records().first?.value?.readableBytes == 2_000_000)
    }

    @Test func corruptGzipIsACorruptMessage() throws {
        var compressed = bytes(BatchFixtures.compressed)
        compressed.setInteger(UInt8(0x00), at: 61 + 12)  // inside the deflate data
        let batch = try #require(try RecordBatch.parseAll(compressed).first)
        #expect(throws: RecordBatchError.self) { try batch.verify() }
        do {
            _ = try batch.records()
            Issue.record("corrupt gzip decoded")
        } catch let error as RecordBatchError {
            #expect(error.errorCode == .corruptMessage)
        }
        let truncated = try RecordBatch(records: [], header: BatchFixtures.header)
        #expect(truncated.header.recordCount == 0)
        #expect(throws: RecordBatchError.recordCountMismatch(offset: 0, recordCount: 0, lastOffsetDelta: -1)) {
            try truncated.verify()
        }
    }

    @Test func checksumMismatchIsDetected() throws {
        var corrupted = bytes(BatchFixtures.plain)
        corrupted.setInteger(UInt8(0x69 ^ 0x01), at: 61 + 7)  // flip a bit of "hi"
        let batch = try #require(try RecordBatch.parseAll(corrupted).first)
        #expect(throws: RecordBatchError.checksumMismatch(offset: 0, stored: 0x4731_FAE1,
                                                          computed: batch.computedChecksum())) {
            try batch.verify()
        }
        #expect(RecordBatchError.checksumMismatch(offset: 0, stored: 0, computed: 1).errorCode == .corruptMessage)
    }

    @Test func offsetDeltaAndCountMismatchesAreRejected() throws {
        // Record 1 claims offsetDelta 2 (0x04); the CRC is recomputed so only the delta is wrong.
        var records = BatchFixtures.expectedRecords
        records[1].offsetDelta = 2
        let wrongDelta = try RecordBatch(records: records, header: BatchFixtures.header)
        try wrongDelta.verify()
        #expect(throws: RecordBatchError.offsetDeltaMismatch(recordIndex: 1, offsetDelta: 2)) {
            try wrongDelta.records()
        }

        // lastOffsetDelta 5 with two records.
        var wrongLast = bytes(BatchFixtures.plain)
        wrongLast.setInteger(Int32(5), at: 23)
        let recomputed = CRC32C.checksum(wrongLast.getSlice(at: 21, length: wrongLast.readableBytes - 21)!)
        wrongLast.setInteger(recomputed, at: 17)
        let batch = try #require(try RecordBatch.parseAll(wrongLast).first)
        #expect(throws: RecordBatchError.recordCountMismatch(offset: 0, recordCount: 2, lastOffsetDelta: 5)) {
            try batch.verify()
        }
    }

    @Test func recordCountBeyondTheDataIsMalformed() throws {
        var tooMany = bytes(BatchFixtures.plain)
        tooMany.setInteger(Int32(3), at: 57)
        let batch = try #require(try RecordBatch.parseAll(tooMany).first)
        #expect(throws: RecordBatchError.self) { try batch.records() }
        var fewer = bytes(BatchFixtures.plain)
        fewer.setInteger(Int32(1), at: 57)
        let short = try #require(try RecordBatch.parseAll(fewer).first)
        #expect(throws: RecordBatchError.trailingRecordBytes(count: 11)) { try short.records() }
    }

    @Test func rewritingBaseOffsetKeepsTheChecksum() throws {
        var batch = try #require(try RecordBatch.parseAll(bytes(BatchFixtures.plain)).first)
        batch.assign(baseOffset: 42, partitionLeaderEpoch: 0)
        #expect(batch.header.baseOffset == 42)
        #expect(batch.header.lastOffset == 43)
        try batch.verify()
        var expected = bytes(BatchFixtures.plain)
        expected.setInteger(Int64(42), at: 0)
        expected.setInteger(Int32(0), at: 12)
        #expect(batch.bytes == expected)
        let reparsed = try #require(try RecordBatch.parseAll(batch.bytes).first)
        #expect(reparsed.header.baseOffset == 42 && reparsed.header.partitionLeaderEpoch == 0)
    }

    @Test func iteratesSeveralBatchesInOneBlob() throws {
        var second = try RecordBatch(records: [KafkaRecord(offsetDelta: 0, key: nil, value: ByteBuffer(string: "x"))],
                                     header: BatchFixtures.header)
        second.assign(baseOffset: 2, partitionLeaderEpoch: 0)
        var blob = bytes(BatchFixtures.plain)
        blob.writeImmutableBuffer(second.bytes)
        blob.writeImmutableBuffer(bytes(BatchFixtures.compressed))
        let batches = try RecordBatch.parseAll(blob)
        #expect(batches.map(\.header.baseOffset) == [0, 2, 0])
        #expect(batches.map(\.header.recordCount) == [2, 1, 2])
        for batch in batches { try batch.verify() }
    }

    @Test func batchLevelErrors() throws {
        #expect(throws: RecordBatchError.batchTooLarge(size: 81, maximum: 80)) {
            try RecordBatch.parseAll(bytes(BatchFixtures.plain), limits: RecordBatchLimits(maximumBatchBytes: 80))
        }
        var oldMagic = bytes(BatchFixtures.plain)
        oldMagic.setInteger(Int8(1), at: 16)
        #expect(throws: RecordBatchError.unsupportedMagic(offset: 0, magic: 1)) { try RecordBatch.parseAll(oldMagic) }
        var shortLength = bytes(BatchFixtures.plain)
        shortLength.setInteger(Int32(10), at: 8)
        #expect(throws: RecordBatchError.invalidBatchLength(offset: 0, batchLength: 10)) {
            try RecordBatch.parseAll(shortLength)
        }
        var snappy = bytes(BatchFixtures.plain)
        snappy.setInteger(Int16(2), at: 21)
        let batch = try #require(try RecordBatch.parseAll(snappy).first)
        #expect(throws: RecordBatchError.unsupportedCompression(codec: 2)) { try batch.records() }
        #expect(RecordBatchError.unsupportedCompression(codec: 2).errorCode == .unsupportedCompressionType)
    }

    @Test func everyTruncationThrowsCleanly() throws {
        for source in [BatchFixtures.plain, BatchFixtures.compressed] {
            let full = bytes(source)
            for length in 0..<full.readableBytes {
                let cut = full.getSlice(at: 0, length: length)!
                if length == 0 {
                    #expect(try RecordBatch.parseAll(cut).isEmpty)
                    continue
                }
                #expect(throws: RecordBatchError.self) { try RecordBatch.parseAll(cut) }
            }
            // Truncating the records while keeping the header consistent must fail in the record parser.
            let batch = try #require(try RecordBatch.parseAll(full).first)
            let data = batch.recordsData
            for length in 0..<data.readableBytes {
                var header = batch.header
                header.batchLength = Int32(49 + length)
                var rebuilt = ByteBuffer()
                header.write(to: &rebuilt)
                rebuilt.writeImmutableBuffer(data.getSlice(at: data.readerIndex, length: length)!)
                let cut = try #require(try RecordBatch.parseAll(rebuilt).first)
                #expect(throws: RecordBatchError.self) { try cut.records() }
            }
        }
    }

    @Test func largeRecordsAndManyHeadersRoundTrip() throws {
        var records: [KafkaRecord] = []
        for index in 0..<300 {
            let headers = (0..<(index % 4)).map { KafkaRecordHeader(key: "h\($0)", value: $0 == 1 ? nil : ByteBuffer(string: "v\($0)")) }
            records.append(KafkaRecord(timestampDelta: Int64(index * 1000), offsetDelta: Int32(index),
                                       key: index % 3 == 0 ? nil : ByteBuffer(string: "key-\(index)"),
                                       value: index % 5 == 0 ? nil : ByteBuffer(repeating: UInt8(index & 0xFF), count: index * 7),
                                       headers: headers))
        }
        var header = BatchFixtures.header
        header.producerId = 7
        header.producerEpoch = 1
        header.baseSequence = 10
        let batch = try RecordBatch(records: records, header: header)
        let reparsed = try #require(try RecordBatch.parseAll(batch.bytes).first)
        try reparsed.verify()
        #expect(reparsed.header.maxTimestamp == 1_700_000_000_000 + 299_000)
        #expect(reparsed.header.lastSequence == 309)
        #expect(try reparsed.records() == records)
    }

    @Test func mutatedBatchesNeverTrap() throws {
        var random = SplitMix64(seed: 0x5245434F5244)
        var outcomes = (accepted: 0, rejected: 0)
        for source in [BatchFixtures.plain, BatchFixtures.compressed] {
            let original = Array(bytes(source).readableBytesView)
            for _ in 0..<2000 {
                var mutated = original
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let index = Int(random.next() % UInt64(mutated.count))
                    mutated[index] = [0x00, 0xFF, 0x7F, 0x80, 0x01, UInt8(truncatingIfNeeded: random.next())][Int(random.next() % 6)]
                }
                do {
                    for batch in try RecordBatch.parseAll(ByteBuffer(bytes: mutated)) {
                        // Skip the CRC so mutations reach the record parser.
                        _ = try batch.records(limits: RecordBatchLimits(maximumUncompressedBytes: 1 << 20))
                    }
                    outcomes.accepted += 1
                } catch is RecordBatchError {
                    outcomes.rejected += 1
                }
            }
        }
        #expect(outcomes.rejected > 0 && outcomes.accepted + outcomes.rejected == 4000)
    }
}
