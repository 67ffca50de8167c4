import HeraldKafkaProtocol
import NIOCore

/// Checks a stored batch read back from disk before it is served again.
enum BatchIntegrity {
    /// Whether the batch is well shaped and its CRC-32C matches (recovery stops at the first batch that is not).
    static func isIntact(_ batch: ByteBuffer) -> Bool {
        guard (try? StoredBatchHeader.validatedShape(of: batch)) != nil else { return false }
        var input = batch
        guard let parsed = try? RecordBatch.parse(from: &input, limits: RecordBatchLimits(maximumBatchBytes: Int(Int32.max))) else {
            return false
        }
        return (try? parsed.verify()) != nil
    }
}
