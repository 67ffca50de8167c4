import NIOCore
import Testing
@testable import HeraldKafkaProtocol

/// `checkRecords` must accept exactly what `records()` accepts and throw the same error when it does not.
@Suite struct RecordsShapeCheckTests {
    /// The outcome of reading a batch's records: nil when accepted, else the error.
    private func outcomes(_ batch: RecordBatch, limits: RecordBatchLimits) -> (parsed: RecordBatchError?, checked: RecordBatchError?) {
        var parsed: RecordBatchError?
        var checked: RecordBatchError?
        do { _ = try batch.records(limits: limits) } catch { parsed = error as? RecordBatchError ?? .malformedRecord(recordIndex: -1, reason: "\(error)") }
        do { try batch.checkRecords(limits: limits) } catch { checked = error as? RecordBatchError ?? .malformedRecord(recordIndex: -1, reason: "\(error)") }
        return (parsed, checked)
    }

    @Test func acceptsTheFixturesAndBuiltBatches() throws {
        for source in [BatchFixtures.plain, BatchFixtures.compressed] {
            let batch = try #require(try RecordBatch.parseAll(bytes(source)).first)
            try batch.checkRecords()
        }
        var records: [KafkaRecord] = []
        for index in 0..<500 {
            let headers = (0..<(index % 3)).map { KafkaRecordHeader(key: "h\($0)", value: $0 == 1 ? nil : ByteBuffer(string: "v")) }
            records.append(KafkaRecord(timestampDelta: Int64(index) * 1_000_000_007, offsetDelta: Int32(index),
                                       key: index % 4 == 0 ? nil : ByteBuffer(string: "key-\(index)"),
                                       value: index % 7 == 0 ? nil : ByteBuffer(repeating: 0x61, count: index * 3),
                                       headers: headers))
        }
        for codec in [CompressionCodec.none, .gzip] {
            var header = BatchFixtures.header
            header.attributes = RecordBatchAttributes(compression: codec)
            try RecordBatch(records: records, header: header).checkRecords()
        }
    }

    @Test func rejectsWhatTheParserRejectsWithTheSameError() throws {
        // Each case is the records section of a one-record batch.
        let cases: [(name: String, records: String, count: Int32)] = [
            ("offsetDelta not the index", "10 00 00 02 01 04 6869 00", 1),
            ("null header key", "14 00 00 00 01 04 6869 02 01 01", 1),
            ("bytes left in the record", "12 00 00 00 01 04 6869 00 00", 1),
            ("trailing bytes after the last record", "10 00 00 00 01 04 6869 00 00", 1),
            ("record length past the data", "7e 00 00 00 01 04 6869 00", 1),
            ("negative record length", "01 00 00 00 01 04 6869 00", 1),
            ("key length past the record", "10 00 00 00 7e 04 6869 00", 1),
            ("over-long varint", "ff ff ff ff 7f 00 00 00 01 04 6869", 1),
            ("count beyond the data", "10 00 00 00 01 04 6869 00", 3),
            ("header count beyond the record", "10 00 00 00 01 04 6869 7e", 1),
        ]
        for item in cases {
            var header = BatchFixtures.header
            header.recordCount = item.count
            header.lastOffsetDelta = item.count - 1
            let data = bytes(item.records)
            header.batchLength = Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead + data.readableBytes)
            var raw = ByteBuffer()
            header.write(to: &raw)
            raw.writeImmutableBuffer(data)
            let batch = try #require(try RecordBatch.parseAll(raw).first)
            let (parsed, checked) = outcomes(batch, limits: RecordBatchLimits())
            #expect(parsed != nil, "\(item.name): the parser accepts it")
            #expect(checked == parsed, "\(item.name)")
            let fast = batch.recordsData.withUnsafeReadableBytes { RecordsShape.isWellFormed($0, count: Int(item.count)) }
            #expect(!fast, "\(item.name): the fast walk accepts it")
        }
    }

    @Test func agreesWithTheParserOnMutatedBatches() throws {
        var random = SplitMix64(seed: 0x53484150)
        var accepted = 0
        var rejected = 0
        for source in [BatchFixtures.plain, BatchFixtures.compressed] {
            let original = Array(bytes(source).readableBytesView)
            for _ in 0..<3000 {
                var mutated = original
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    // Mutate only the records section so every case reaches the record checks.
                    let index = RecordBatchHeader.size + Int(random.next() % UInt64(mutated.count - RecordBatchHeader.size))
                    mutated[index] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0x02, UInt8(truncatingIfNeeded: random.next())][Int(random.next() % 7)]
                }
                guard let batch = try? RecordBatch.parseAll(ByteBuffer(bytes: mutated)).first else { continue }
                let (parsed, checked) = outcomes(batch, limits: RecordBatchLimits(maximumUncompressedBytes: 1 << 20))
                #expect(parsed == checked)
                if batch.header.attributes.compression == CompressionCodec.none {
                    let fast = batch.recordsData.withUnsafeReadableBytes { RecordsShape.isWellFormed($0, count: Int(batch.header.recordCount)) }
                    #expect(fast == (parsed == nil))
                }
                if parsed == nil { accepted += 1 } else { rejected += 1 }
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }

    /// A batch compaction thinned holds fewer records than offsets; its deltas leave gaps. The read, the shape check
    /// and the payload walk apply one rule: deltas increase, from the index up to lastOffsetDelta.
    @Test func compactedBatchesGetTheSameRuleFromEveryReader() throws {
        func batch(deltas: [Int32], lastOffsetDelta: Int32) throws -> RecordBatch {
            let records = deltas.map { KafkaRecord(timestampDelta: 0, offsetDelta: $0, key: ByteBuffer(string: "k\($0)"),
                                                   value: ByteBuffer(string: "v\($0)")) }
            return try RecordBatch(records: records, header: BatchFixtures.header, lastOffsetDelta: lastOffsetDelta)
        }
        func walked(_ batch: RecordBatch) throws -> [String] {
            var values: [String] = []
            try batch.forEachPayload { values.append(String(decoding: $0.value!, as: UTF8.self)) }
            return values
        }
        let thinned = try batch(deltas: [1, 4, 5], lastOffsetDelta: 6)
        #expect(try thinned.records().map(\.offsetDelta) == [1, 4, 5])
        try thinned.checkRecords()
        #expect(try walked(thinned) == ["v1", "v4", "v5"])
        for (deltas, last) in [([Int32](arrayLiteral: 2, 2), Int32(5)), ([3, 1], 5), ([0, 7], 5), ([-1, 3], 5)] {
            let bad = try batch(deltas: deltas, lastOffsetDelta: last)
            let (parsed, checked) = outcomes(bad, limits: RecordBatchLimits())
            #expect(parsed != nil, "\(deltas) within \(last): the parser accepts it")
            #expect(checked == parsed, "\(deltas) within \(last)")
            #expect(throws: RecordBatchError.self) { try walked(bad) }
        }
    }
}
