import HeraldKafkaProtocol
import NIOCore

/// A record that could not be delivered, as written to the dead-letter topic: the original key, value and headers
/// with `herald.*` headers saying why.
public struct DeadLetter: Sendable, Hashable {
    public var record: StoredRecord
    public var service: String
    public var attempts: Int
    public var failure: DeliveryFailure

    /// The longest body excerpt kept in a header.
    public static let excerptBytes = 512

    /// Header keys added to a dead letter.
    public enum HeaderKey {
        public static let error = "herald.error"
        public static let service = "herald.delivery.service"
        public static let status = "herald.delivery.status"
        public static let body = "herald.delivery.body"
        public static let attempts = "herald.delivery.attempts"
        public static let originalTopic = "herald.original.topic"
        public static let originalPartition = "herald.original.partition"
        public static let originalOffset = "herald.original.offset"
    }

    public init(record: StoredRecord, service: String, attempts: Int, failure: DeliveryFailure) {
        self.record = record
        self.service = service
        self.attempts = attempts
        self.failure = failure
    }

    /// The headers added, in order.
    public var reasonHeaders: [(key: String, value: String)] {
        [
            (HeaderKey.error, "delivery to \(service) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(failure)"),
            (HeaderKey.service, service),
            (HeaderKey.status, failure.statusText),
            (HeaderKey.body, Self.excerpt(failure.detail)),
            (HeaderKey.attempts, String(attempts)),
            (HeaderKey.originalTopic, record.topic),
            (HeaderKey.originalPartition, String(record.partition)),
            (HeaderKey.originalOffset, String(record.offset)),
        ]
    }

    /// The dead letter as a one-record batch (not idempotent, uncompressed), timestamped `nowMs`.
    public func batch(nowMs: Int64) throws -> RecordBatch {
        var headers = record.headers.map { KafkaRecordHeader(key: $0.key, value: $0.value.map { ByteBuffer(bytes: $0) }) }
        headers += reasonHeaders.map { KafkaRecordHeader(key: $0.key, value: ByteBuffer(string: $0.value)) }
        let kafkaRecord = KafkaRecord(
            offsetDelta: 0, key: record.key.map { ByteBuffer(bytes: $0) }, value: record.value.map { ByteBuffer(bytes: $0) },
            headers: headers)
        var header = RecordBatchHeader()
        header.baseTimestamp = nowMs
        return try RecordBatch(records: [kafkaRecord], header: header)
    }

    /// At most `excerptBytes` of `text`, cut at a character boundary.
    static func excerpt(_ text: String) -> String {
        guard text.utf8.count > excerptBytes else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > excerptBytes - 3 { break }
            out.append(character)
            used += size
        }
        return out + "..."
    }
}
