import HeraldKafkaProtocol
import NIOCore

/// A batch divided by dead-lettering: the records that passed, still one batch with the producer's fields, and the
/// failing ones, unchanged but for headers saying why, as a plain (non-idempotent) batch for the dead-letter topic.
struct DeadLetterSplit {
    /// The passing records; nil when every record failed.
    var valid: RecordBatch?
    /// The failing records with `herald.*` headers.
    var deadLetters: RecordBatch

    /// Header keys added to a dead-lettered record.
    enum HeaderKey {
        static let error = "herald.error"
        static let rule = "herald.error.rule"
        static let originalTopic = "herald.original.topic"
        static let originalPartition = "herald.original.partition"
        static let schemaID = "herald.schema.id"
    }

    init(_ batch: RecordBatch, errors: [RecordValidationError], topic: String, partition: Int32, limits: RecordBatchLimits) throws {
        let records = try batch.records(limits: limits)
        let failing = Dictionary(errors.map { (Int($0.batchIndex), $0) }, uniquingKeysWith: { first, _ in first })
        var passing: [KafkaRecord] = []
        var dead: [KafkaRecord] = []
        for (index, record) in records.enumerated() {
            var record = record
            if let error = failing[index] {
                record.offsetDelta = Int32(dead.count)
                record.headers += [
                    KafkaRecordHeader(key: HeaderKey.error, value: ByteBuffer(string: error.message)),
                    KafkaRecordHeader(key: HeaderKey.rule, value: ByteBuffer(string: error.rule)),
                    KafkaRecordHeader(key: HeaderKey.originalTopic, value: ByteBuffer(string: topic)),
                    KafkaRecordHeader(key: HeaderKey.originalPartition, value: ByteBuffer(string: String(partition))),
                ]
                if let id = error.schemaID {
                    record.headers.append(KafkaRecordHeader(key: HeaderKey.schemaID, value: ByteBuffer(string: String(id))))
                }
                dead.append(record)
            } else {
                record.offsetDelta = Int32(passing.count)
                passing.append(record)
            }
        }
        var validHeader = batch.header
        validHeader.maxTimestamp = -1
        valid = passing.isEmpty ? nil : try RecordBatch(records: passing, header: validHeader)
        var deadHeader = RecordBatchHeader()
        deadHeader.baseTimestamp = batch.header.baseTimestamp
        deadHeader.attributes = RecordBatchAttributes(compression: batch.header.attributes.compression == .gzip ? .gzip : .none)
        deadLetters = try RecordBatch(records: dead, header: deadHeader)
    }
}
