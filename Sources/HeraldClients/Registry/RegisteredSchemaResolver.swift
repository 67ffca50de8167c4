import HeraldAvro

/// Parses registered Avro schemas together with the schemas they reference (recursively, as Confluent's Avro
/// provider does), so their Parsing Canonical Forms can be compared with the catalog's fully resolved versions.
public struct RegisteredSchemaResolver: Sendable {
    public let snapshot: RegistrySnapshot
    private var parsed: [Key: Result<AvroSchema, ResolutionFailure>] = [:]

    struct Key: Hashable {
        var subject: String
        var version: Int
    }

    /// Why a registered schema could not be read.
    public struct ResolutionFailure: Error, Sendable, Hashable {
        public var message: String
    }

    public init(snapshot: RegistrySnapshot) { self.snapshot = snapshot }

    /// The schema registered as `version` of `subject`, its references resolved.
    public mutating func schema(subject: String, version: Int) -> Result<AvroSchema, ResolutionFailure> {
        var visiting: Set<Key> = []
        return resolve(Key(subject: subject, version: version), visiting: &visiting)
    }

    /// The canonical form of a registered schema, or why it cannot be read.
    public mutating func canonicalForm(_ registered: RegisteredSchema) -> Result<String, ResolutionFailure> {
        schema(subject: registered.subject, version: registered.version).map(\.canonicalForm)
    }

    private mutating func resolve(_ key: Key, visiting: inout Set<Key>) -> Result<AvroSchema, ResolutionFailure> {
        if let done = parsed[key] { return done }
        guard let registered = snapshot.schema(subject: key.subject, version: key.version) else {
            return .failure(ResolutionFailure(message: "\(key.subject) has no version \(key.version)"))
        }
        guard registered.isAvro else {
            return .failure(ResolutionFailure(message: "\(key.subject) version \(key.version) is a \(registered.schemaType) schema, not Avro"))
        }
        guard visiting.insert(key).inserted else {
            return .failure(ResolutionFailure(message: "\(key.subject) version \(key.version) references itself through its references"))
        }
        defer { visiting.remove(key) }
        var known = NamedTypeSet()
        for reference in registered.references {
            switch resolve(Key(subject: reference.subject, version: reference.version), visiting: &visiting) {
            case .success(let schema): known.add(schema)
            case .failure(let failure):
                let result = Result<AvroSchema, ResolutionFailure>.failure(ResolutionFailure(
                    message: "\(key.subject) version \(key.version) references \(reference.subject) version \(reference.version): \(failure.message)"))
                parsed[key] = result
                return result
            }
        }
        let parse = AvroSchemaParser().parse(registered.schema, file: nil, knownTypes: known)
        let result: Result<AvroSchema, ResolutionFailure>
        if let schema = parse.schema {
            result = .success(schema)
        } else {
            let first = parse.diagnostics.first { $0.severity == .error }?.message ?? "it does not parse"
            result = .failure(ResolutionFailure(message: "\(key.subject) version \(key.version) is not a valid Avro schema: \(first)"))
        }
        parsed[key] = result
        return result
    }
}
