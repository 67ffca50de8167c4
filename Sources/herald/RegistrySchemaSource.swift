import HeraldAvro
import HeraldBroker
import HeraldRegistry

/// The live registry as produce-time validation reads it: pass `RegistrySchemaSource(registry:)` wherever the
/// broker takes a `ProduceSchemaSource`.
struct RegistrySchemaSource: ProduceSchemaSource {
    let registry: LiveRegistry

    var generation: UInt64 { registry.generation }

    func schemaIDs(subject: String) -> Set<UInt32>? { registry.liveSchemaIDs(subject: subject) }

    func schema(id: UInt32) -> AvroSchema? { registry.parsedSchema(id: id) }
}
