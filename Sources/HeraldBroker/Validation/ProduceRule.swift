/// Stable IDs of the produce-time checks, carried in a dead-lettered record's `herald.error.rule` header.
public enum ProduceRule: String, Sendable, Hashable, CaseIterable {
    /// The value (or key) is not Confluent-framed: magic byte 0 and a 4-byte schema ID.
    case notFramed = "PRODUCE_NOT_FRAMED"
    /// The framing names a schema ID that is not a live version of the topic's subject.
    case schemaNotRegistered = "PRODUCE_SCHEMA_NOT_REGISTERED"
    /// The bytes after the framing do not decode under the schema.
    case datumInvalid = "PRODUCE_DATUM_INVALID"
    /// Bytes remain after the datum.
    case trailingBytes = "PRODUCE_TRAILING_BYTES"
    /// The event's idField is absent, null or empty.
    case idFieldMissing = "PRODUCE_ID_FIELD_MISSING"
    /// A null value (tombstone) or null key where the subject expects a record.
    case nullPayload = "PRODUCE_NULL_PAYLOAD"
}
