import HeraldDiagnostics

/// The rules the Avro schema parser reports, with stable IDs; `all` feeds `herald rules` and the docs table.
public enum AvroSchemaRules {
    /// The file is not valid JSON.
    public static let jsonSyntax = RuleDescriptor(
        id: "JSON_SYNTAX", category: .syntax, severity: .error,
        purpose: "A schema file must be valid JSON (RFC 8259): no comments, trailing commas or duplicate keys.",
        hint: "Fix the JSON at the reported position.")
    /// A JSON value that cannot be a schema (number, boolean, null, or an object without "type").
    public static let invalidSchema = RuleDescriptor(
        id: "AVRO_INVALID_SCHEMA", category: .schema, severity: .error,
        purpose: "A schema is a type name, a JSON object with a \"type\" attribute, or a JSON array (a union).",
        hint: "Write a type name such as \"string\", an object such as {\"type\": \"record\", …}, or a union array.")
    /// A name that is neither a primitive, a complex type keyword nor a defined named type.
    public static let unknownType = RuleDescriptor(
        id: "AVRO_UNKNOWN_TYPE", category: .schema, severity: .error,
        purpose: "Every type reference names a primitive or a named type defined in the schema or in the shared types.",
        hint: "Check the spelling and namespace, or define the type (shared types live in types/*.avsc).")
    /// A reference that appears before its definition in depth-first order.
    public static let referenceBeforeDefinition = RuleDescriptor(
        id: "AVRO_REFERENCE_BEFORE_DEFINITION", category: .schema, severity: .error,
        purpose: "A named type must be defined before it is referenced, in depth-first, left-to-right order.",
        hint: "Move the full definition to the first place the type is used, and reference it by name afterwards.")
    /// A required attribute is missing.
    public static let missingAttribute = RuleDescriptor(
        id: "AVRO_MISSING_ATTRIBUTE", category: .schema, severity: .error,
        purpose: "Records need name and fields, enums name and symbols, fixed name and size, arrays items, maps values, fields name and type.")
    /// An attribute has the wrong JSON type or value.
    public static let invalidAttribute = RuleDescriptor(
        id: "AVRO_INVALID_ATTRIBUTE", category: .schema, severity: .error,
        purpose: "Attributes defined by the spec have fixed JSON types: doc and namespace are strings, aliases an array of strings, order one of ascending, descending, ignore.")
    /// A type or field name that breaks the spec's name syntax.
    public static let invalidName = RuleDescriptor(
        id: "AVRO_INVALID_NAME", category: .schema, severity: .error,
        purpose: "Names start with [A-Za-z_] and continue with [A-Za-z0-9_]; namespaces are such names joined by dots.",
        hint: "Rename it; keep the old name as an alias if data was written with it.")
    /// The same full name defined twice.
    public static let nameRedefined = RuleDescriptor(
        id: "AVRO_NAME_REDEFINED", category: .schema, severity: .error,
        purpose: "A full name is defined once per schema; later uses reference it by name.",
        hint: "Reference the earlier definition by name, or give this type another name.")
    /// A named type called like a primitive.
    public static let primitiveRedefined = RuleDescriptor(
        id: "AVRO_PRIMITIVE_NAME_REDEFINED", category: .schema, severity: .error,
        purpose: "Primitive type names (null, boolean, int, long, float, double, bytes, string) cannot name a record, enum or fixed.")
    /// Two fields of a record with the same name.
    public static let duplicateField = RuleDescriptor(
        id: "AVRO_DUPLICATE_FIELD", category: .schema, severity: .error,
        purpose: "Field names are unique within a record.")
    /// An enum symbol that repeats or breaks the name syntax.
    public static let invalidSymbol = RuleDescriptor(
        id: "AVRO_INVALID_ENUM_SYMBOL", category: .schema, severity: .error,
        purpose: "Enum symbols are unique and follow the name syntax.")
    /// An enum default that is not one of its symbols.
    public static let invalidEnumDefault = RuleDescriptor(
        id: "AVRO_INVALID_ENUM_DEFAULT", category: .schema, severity: .error,
        purpose: "An enum's default (used by readers for unknown symbols) is one of its symbols.")
    /// A fixed size that is not a non-negative integer.
    public static let invalidFixedSize = RuleDescriptor(
        id: "AVRO_INVALID_FIXED_SIZE", category: .schema, severity: .error,
        purpose: "A fixed type's size is a non-negative JSON integer.")
    /// A union directly inside a union.
    public static let nestedUnion = RuleDescriptor(
        id: "AVRO_NESTED_UNION", category: .schema, severity: .error,
        purpose: "A union may not directly contain another union.",
        hint: "Merge the inner union's branches into the outer one.")
    /// A union with two branches of the same kind or full name.
    public static let duplicateUnionBranch = RuleDescriptor(
        id: "AVRO_DUPLICATE_UNION_BRANCH", category: .schema, severity: .error,
        purpose: "A union holds at most one branch of each primitive, array and map kind, and named types with distinct full names.",
        hint: "A logical type does not make a new kind: \"long\" and a timestamp-millis long are the same branch.")
    /// A field default that does not match the field's type.
    public static let invalidDefault = RuleDescriptor(
        id: "AVRO_INVALID_DEFAULT", category: .schema, severity: .error,
        purpose: "A field default is a JSON value of the field's type (for a union: of one of its branches).",
        hint: "Union defaults are written bare (not {\"type\": value}); bytes and fixed defaults are strings of code points 0-255.")
    /// A union default that only a later branch accepts.
    public static let unionDefaultNotFirstBranch = RuleDescriptor(
        id: "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH", category: .schema, severity: .warning,
        purpose: "Readers older than Avro 1.12 require a union default to match the first branch.",
        hint: "Put the branch the default belongs to first, e.g. [\"null\", \"string\"] with default null.")
    /// A logicalType whose attributes or underlying type are wrong; the annotation is ignored.
    public static let invalidLogicalType = RuleDescriptor(
        id: "AVRO_INVALID_LOGICAL_TYPE", category: .schema, severity: .warning,
        purpose: "A logical type annotates the underlying type the spec gives it, with valid attributes; otherwise readers ignore it.",
        hint: "Fix the annotation, or remove it: the field is read as its underlying type.")
    /// A logicalType the spec does not define; the annotation is ignored.
    public static let unknownLogicalType = RuleDescriptor(
        id: "AVRO_UNKNOWN_LOGICAL_TYPE", category: .schema, severity: .warning,
        purpose: "Logical types outside the Avro 1.12 spec are ignored by readers; the value is read as its underlying type.")
    /// Two files define one full name differently.
    public static let conflictingDefinition = RuleDescriptor(
        id: "AVRO_CONFLICTING_DEFINITION", category: .schema, severity: .error,
        purpose: "A full name defined in several files must have the same definition (Parsing Canonical Form) everywhere.",
        hint: "Define the type once under types/ and reference it by full name.")
    /// Files whose named types reference each other in a cycle.
    public static let fileCycle = RuleDescriptor(
        id: "AVRO_FILE_CYCLE", category: .schema, severity: .error,
        purpose: "Schema files may reference types defined in other files, but not in a cycle.",
        hint: "Move the mutually recursive types into one file.")

    /// Every rule of the schema parser, in a stable order.
    public static let all: [RuleDescriptor] = [
        jsonSyntax, invalidSchema, unknownType, referenceBeforeDefinition, missingAttribute, invalidAttribute, invalidName,
        nameRedefined, primitiveRedefined, duplicateField, invalidSymbol, invalidEnumDefault, invalidFixedSize, nestedUnion,
        duplicateUnionBranch, invalidDefault, unionDefaultNotFirstBranch, invalidLogicalType, unknownLogicalType,
        conflictingDefinition, fileCycle,
    ]
}
