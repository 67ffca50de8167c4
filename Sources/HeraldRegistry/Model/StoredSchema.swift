import HeraldAvro

/// A schema the registry holds under an ID: the text as registered, its references, and the parsed schema with the
/// references' types resolved into it.
public struct StoredSchema: Sendable {
    public var id: Int
    /// The schema text as registered (or its canonical form, when registered with `normalize=true`).
    public var text: String
    public var references: [SchemaReference]
    /// The parsed schema, referenced types included: what readers and validators use.
    public var parsed: AvroSchema
    /// The Parsing Canonical Form of `parsed`; equal forms are the same schema to the registry.
    public var canonicalForm: String

    /// What makes two registrations the same schema (and so the same ID): canonical form and references.
    var identity: SchemaIdentity { SchemaIdentity(canonicalForm: canonicalForm, references: references) }
}

struct SchemaIdentity: Sendable, Hashable {
    var canonicalForm: String
    var references: [SchemaReference]
}

/// One version of a subject.
public struct SubjectVersion: Sendable, Hashable {
    public var version: Int
    public var schemaID: Int
    /// Soft-deleted: hidden from reads unless `deleted=true` is asked for, still readable by ID.
    public var isDeleted: Bool

    public init(version: Int, schemaID: Int, isDeleted: Bool = false) {
        self.version = version
        self.schemaID = schemaID
        self.isDeleted = isDeleted
    }
}

/// A subject's versions, ascending.
public struct SubjectRecord: Sendable, Hashable {
    public var name: String
    public var versions: [SubjectVersion]

    /// The versions not soft-deleted.
    public var liveVersions: [SubjectVersion] { versions.filter { !$0.isDeleted } }

    /// The version numbered `number`, deleted or not.
    public func version(_ number: Int) -> SubjectVersion? { versions.first { $0.version == number } }
}

/// A schema as one subject holds it: the subject's version and the stored schema.
public struct SubjectSchema: Sendable {
    public var subject: String
    public var version: SubjectVersion
    public var schema: StoredSchema

    public init(subject: String, version: SubjectVersion, schema: StoredSchema) {
        self.subject = subject
        self.version = version
        self.schema = schema
    }
}
