import Foundation
import HeraldKafkaProtocol
import NIOCore

/// `herald-bench kafka-batches OUT.bin [BATCHES] [RECORDS] [none|gzip]`: builds a records blob of v2 batches the way
/// a producer sends them, writes it to OUT.bin (so the reference parses the same bytes), then times the broker's
/// produce-side work on it: split into batches, verify CRC-32C and counts, decompress, parse every record; then the
/// same with records only checked for shape (the broker's path when no validator reads them).
func benchKafkaBatches(_ arguments: [String]) throws {
    guard let output = arguments.first else { throw BenchUsageError(message: "kafka-batches needs an output file") }
    let batchCount = arguments.count > 1 ? Int(arguments[1]) ?? 2000 : 2000
    let recordsPerBatch = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
    let codec: CompressionCodec = arguments.count > 3 && arguments[3] == "gzip" ? .gzip : .none

    var blob = ByteBuffer()
    for batchIndex in 0..<batchCount {
        var records: [KafkaRecord] = []
        records.reserveCapacity(recordsPerBatch)
        for index in 0..<recordsPerBatch {
            let id = batchIndex * recordsPerBatch + index
            let value = #"{"orderId":"order-\#(id)","dealer":"dealer-\#(id % 97)","amount":\#(id % 10007),"currency":"EUR"}"#
            records.append(KafkaRecord(timestampDelta: Int64(index), offsetDelta: Int32(index),
                                       key: ByteBuffer(string: "order-\(id)"), value: ByteBuffer(string: value),
                                       headers: index % 10 == 0 ? [KafkaRecordHeader(key: "trace", value: nil)] : []))
        }
        var header = RecordBatchHeader()
        header.baseTimestamp = 1_700_000_000_000 + Int64(batchIndex)
        header.attributes = RecordBatchAttributes(compression: codec)
        var batch = try RecordBatch(records: records, header: header)
        batch.assign(baseOffset: Int64(batchIndex * recordsPerBatch), partitionLeaderEpoch: 0)
        blob.writeImmutableBuffer(batch.bytes)
    }
    try Data(blob.readableBytesView).write(to: URL(fileURLWithPath: output))

    let limits = RecordBatchLimits(maximumBatchBytes: 16 << 20)
    let clock = ContinuousClock()
    var best = Duration.seconds(3600)
    var recordCount = 0
    for _ in 0..<5 {
        recordCount = 0
        let elapsed = try clock.measure {
            for batch in try RecordBatch.parseAll(blob, limits: limits) {
                try batch.verify()
                recordCount += try batch.records(limits: limits).count
            }
        }
        best = min(best, elapsed)
    }
    // The default broker's path: the same checks, records walked for shape without being built.
    var bestCheck = Duration.seconds(3600)
    var checkedCount = 0
    for _ in 0..<5 {
        checkedCount = 0
        let elapsed = try clock.measure {
            for batch in try RecordBatch.parseAll(blob, limits: limits) {
                try batch.verify()
                try batch.checkRecords(limits: limits)
                checkedCount += Int(batch.header.recordCount)
            }
        }
        bestCheck = min(bestCheck, elapsed)
    }
    let megabytes = Double(blob.readableBytes) / 1_000_000
    for (label, count, duration) in [("", recordCount, best), (" shape check only", checkedCount, bestCheck)] {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        print(String(format: "herald kafka-batches %@%@: %d records, %.1f MB, %.4f s, %.0f records/s, %.1f MB/s",
                     codec == .gzip ? "gzip" : "none", label, count, megabytes, seconds,
                     Double(count) / seconds, megabytes / seconds))
    }
}

/// A bench area was called without the arguments it needs.
struct BenchUsageError: Error, CustomStringConvertible {
    /// What is missing.
    let message: String
    /// The message.
    var description: String { message }
}
