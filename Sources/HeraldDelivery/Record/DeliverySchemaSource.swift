import HeraldAvro

/// What delivery reads from the schema registry: the schema behind a Confluent frame's ID and the subject version
/// it is (for the `X-Herald-Event-Version` header). The composition root hands the registry in.
public protocol DeliverySchemaSource: Sendable {
    /// The schema registered under `id`, references resolved; nil for an unknown ID.
    func schema(id: UInt32) -> AvroSchema?
    /// The version of `subject` that holds schema `id`; nil when the subject holds no such version.
    func version(ofSchema id: UInt32, subject: String) -> Int?
}
