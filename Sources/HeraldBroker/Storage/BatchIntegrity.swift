import HeraldKafkaProtocol
import NIOCore

/// Checks a stored batch read back from disk before it is served again.
enum BatchIntegrity {
    /// Whether the batch is well shaped and its CRC-32C matches (recovery stops at the first batch that is not).
    /// A batch compaction thinned holds fewer records than its offsets span.
    static func isIntact(_ batch: ByteBuffer) -> Bool {
        guard (try? RecordBatchHeader.validatedStoredShape(of: batch, compacted: true)) != nil else { return false }
        var input = batch
        guard let parsed = try? RecordBatch.parse(from: &input, limits: RecordBatchLimits(maximumBatchBytes: Int(Int32.max))) else {
            return false
        }
        return parsed.computedChecksum() == parsed.header.crc
    }
}
