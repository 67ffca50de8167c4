import NIOCore

/// A transaction marker: the one record of a control batch that ends a producer's transaction in a partition.
/// Key: int16 version (0), int16 type (0 abort, 1 commit); value: int16 version (0), int32 coordinator epoch.
public struct TransactionMarker: Hashable, Sendable {
    /// Whether the transaction committed (else it aborted).
    public var committed: Bool
    /// The transaction coordinator's epoch, carried in the value.
    public var coordinatorEpoch: Int32

    /// A marker.
    public init(committed: Bool, coordinatorEpoch: Int32 = 0) {
        self.committed = committed
        self.coordinatorEpoch = coordinatorEpoch
    }

    /// The control batch carrying this marker for a producer: attributes transactional and control, no
    /// sequence, one record, timestamps `timestampMs`.
    public func batch(producerId: Int64, producerEpoch: Int16, timestampMs: Int64) -> ByteBuffer {
        var key = ByteBuffer()
        key.writeInteger(Int16(0))
        key.writeInteger(Int16(committed ? 1 : 0))
        var value = ByteBuffer()
        value.writeInteger(Int16(0))
        value.writeInteger(coordinatorEpoch)
        var header = RecordBatchHeader()
        header.attributes = RecordBatchAttributes(rawValue: 0x30)
        header.baseTimestamp = timestampMs
        header.maxTimestamp = timestampMs
        header.producerId = producerId
        header.producerEpoch = producerEpoch
        header.baseSequence = -1
        // Uncompressed, so building cannot fail.
        let built = try? RecordBatch(records: [KafkaRecord(offsetDelta: 0, key: key, value: value)], header: header)
        return built?.bytes ?? ByteBuffer()
    }

    /// Reads the marker out of a stored control batch (uncompressed, as Kafka writes them); nil when the bytes do
    /// not hold one.
    public init?(controlBatch batch: ByteBuffer) {
        guard let header = RecordBatchHeader(peekingAt: batch), header.attributes.isControl,
              header.attributes.compressionValue == 0, header.recordCount >= 1,
              var records = batch.getSlice(at: batch.readerIndex + RecordBatchHeader.size,
                                           length: batch.readableBytes - RecordBatchHeader.size),
              let record = try? KafkaRecord.parse(from: &records, index: 0),
              var key = record.key, key.readableBytes >= 4,
              let version: Int16 = key.readInteger(), version == 0,
              let type: Int16 = key.readInteger(), type == 0 || type == 1
        else { return nil }
        let epoch = record.value.flatMap { value in value.getInteger(at: value.readerIndex + 2, as: Int32.self) } ?? 0
        self.init(committed: type == 1, coordinatorEpoch: epoch)
    }
}
