/// A reference from one registered schema to another subject's version (Confluent's `references`): for Avro, `name`
/// is the full name of the named type the referenced schema defines.
public struct SchemaReference: Sendable, Hashable, Codable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}

/// One version of a subject as the registry returns it (`GET /subjects/{s}/versions/{v}`).
public struct RegisteredSchema: Sendable, Hashable, Codable {
    public var subject: String
    public var version: Int
    /// The registry-wide schema ID, the one Confluent framing carries.
    public var id: Int
    /// The schema text as registered.
    public var schema: String
    /// `AVRO` (Confluent leaves the field out for Avro), `PROTOBUF` or `JSON`.
    public var schemaType: String
    public var references: [SchemaReference]

    public init(subject: String, version: Int, id: Int, schema: String, schemaType: String = "AVRO", references: [SchemaReference] = []) {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
    }

    enum CodingKeys: String, CodingKey { case subject, version, id, schema, schemaType, references }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        version = try container.decode(Int.self, forKey: .version)
        id = try container.decode(Int.self, forKey: .id)
        schema = try container.decode(String.self, forKey: .schema)
        schemaType = try container.decodeIfPresent(String.self, forKey: .schemaType) ?? "AVRO"
        references = try container.decodeIfPresent([SchemaReference].self, forKey: .references) ?? []
    }

    /// True for an Avro schema, the only kind Herald reads.
    public var isAvro: Bool { schemaType.uppercased() == "AVRO" }
}

/// A schema to register or look up: the body of `POST /subjects/{s}/versions` and `POST /subjects/{s}`.
public struct SchemaSubmission: Sendable, Hashable, Codable {
    public var schema: String
    public var schemaType: String
    public var references: [SchemaReference]

    public init(schema: String, references: [SchemaReference] = []) {
        self.schema = schema
        self.schemaType = "AVRO"
        self.references = references
    }
}
