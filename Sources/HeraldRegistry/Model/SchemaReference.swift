/// Confluent's schema reference: a named type (`name`, for Avro the type's full name) defined by version `version`
/// of subject `subject`.
public struct SchemaReference: Sendable, Hashable, Comparable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }

    public static func < (lhs: SchemaReference, rhs: SchemaReference) -> Bool {
        (lhs.name, lhs.subject, lhs.version) < (rhs.name, rhs.subject, rhs.version)
    }
}

/// What a client sends to register or look up a schema: the schema text, its type and its references.
public struct SchemaSubmission: Sendable, Hashable {
    /// The schema's JSON text.
    public var schema: String
    /// `AVRO` (the only type Herald's registry holds); nil means AVRO, as in Confluent.
    public var schemaType: String?
    public var references: [SchemaReference]
    /// IMPORT mode only: the ID to register the schema under.
    public var id: Int?
    /// IMPORT mode only: the version to register the schema as.
    public var version: Int?

    public init(schema: String, schemaType: String? = nil, references: [SchemaReference] = [], id: Int? = nil, version: Int? = nil) {
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
        self.id = id
        self.version = version
    }
}
