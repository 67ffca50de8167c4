import HeraldAvro

/// What produce-time validation reads from the schema registry: the schema IDs a subject holds and the schema
/// behind an ID. The broker depends on this protocol, not on the registry, so the registry's logic stays free of
/// Kafka and the broker free of HTTP; the composition root hands the registry in.
///
/// Implementations are safe to call from any thread. `generation` changes whenever an answer may have changed
/// (a registration, a deletion, a mode change), so a validator caches what it needs per generation and does no
/// lookups per record.
public protocol ProduceSchemaSource: Sendable {
    /// Changes on every mutation of the registry; equal values mean equal answers.
    var generation: UInt64 { get }
    /// The IDs of the live (not soft-deleted) versions of `subject`, nil when the subject does not exist.
    func schemaIDs(subject: String) -> Set<UInt32>?
    /// The schema registered under `id`, with its references resolved; nil for an unknown ID.
    func schema(id: UInt32) -> AvroSchema?
}
