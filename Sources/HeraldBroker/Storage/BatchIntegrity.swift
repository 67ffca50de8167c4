import NIOCore

/// Checks a stored batch read back from disk before it is served again.
enum BatchIntegrity {
    /// Whether the batch is well shaped (recovery stops at the first batch that is not).
    static func isIntact(_ batch: ByteBuffer) -> Bool {
        (try? StoredBatchHeader.validatedShape(of: batch)) != nil
    }
}
