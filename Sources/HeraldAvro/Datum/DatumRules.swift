import HeraldDiagnostics

/// The rules example payloads are checked by, one per `DatumProblem.Kind`; `herald rules` lists `all`.
public enum DatumRules {
    /// A value has the wrong JSON type for its schema.
    public static let typeMismatch = RuleDescriptor(
        id: "EXAMPLE_TYPE_MISMATCH", category: .example, severity: .error,
        purpose: "Every value in an example has the JSON type its schema asks for.")
    /// A number does not fit its type.
    public static let outOfRange = RuleDescriptor(
        id: "EXAMPLE_VALUE_OUT_OF_RANGE", category: .example, severity: .error,
        purpose: "Numbers in an example fit their Avro type (int is 32 bits, long 64 bits).")
    /// An enum value is not one of its symbols.
    public static let unknownEnumSymbol = RuleDescriptor(
        id: "EXAMPLE_UNKNOWN_ENUM_SYMBOL", category: .example, severity: .error,
        purpose: "Enum values in an example are symbols of their enum.")
    /// A fixed value has the wrong length.
    public static let fixedSizeMismatch = RuleDescriptor(
        id: "EXAMPLE_FIXED_SIZE_MISMATCH", category: .example, severity: .error,
        purpose: "Fixed values in an example have exactly the schema's size.",
        hint: "Fixed values are strings with one code point (0-255) per byte.")
    /// A bytes or fixed string holds a code point above 255.
    public static let byteOutOfRange = RuleDescriptor(
        id: "EXAMPLE_BYTES_OUT_OF_RANGE", category: .example, severity: .error,
        purpose: "Bytes and fixed values in an example are strings of code points 0-255, one per byte.",
        hint: "Write each byte as a code point U+0000-U+00FF, e.g. \"\\u00ff\".")
    /// A field without a default is absent.
    public static let missingField = RuleDescriptor(
        id: "EXAMPLE_MISSING_FIELD", category: .example, severity: .error,
        purpose: "An example supplies every record field that has no default.")
    /// A member names no field of the record.
    public static let unknownField = RuleDescriptor(
        id: "EXAMPLE_UNKNOWN_FIELD", category: .example, severity: .error,
        purpose: "An example has no members the record does not define, so typos cannot pass.")
    /// No union branch accepts the value.
    public static let noMatchingBranch = RuleDescriptor(
        id: "EXAMPLE_NO_MATCHING_UNION_BRANCH", category: .example, severity: .error,
        purpose: "A union value in an example fits at least one branch of the union.")
    /// Avro JSON encoding: a union value is not `{"<branch>": value}` with a known branch.
    public static let badUnionTag = RuleDescriptor(
        id: "EXAMPLE_BAD_UNION_TAG", category: .example, severity: .error,
        purpose: "In Avro's JSON encoding a non-null union value is an object with one member named after its branch.")

    /// The document needs more work to check than the validator allows.
    public static let tooComplex = RuleDescriptor(
        id: "EXAMPLE_TOO_COMPLEX", category: .example, severity: .error,
        purpose: "An example can be checked within a bounded amount of work and nesting depth.")

    /// Every datum rule, in a stable order.
    public static let all: [RuleDescriptor] = [
        typeMismatch, outOfRange, unknownEnumSymbol, fixedSizeMismatch, byteOutOfRange, missingField, unknownField,
        noMatchingBranch, badUnionTag, tooComplex,
    ]

    /// The rule a problem kind reports under.
    public static func rule(for kind: DatumProblem.Kind) -> RuleDescriptor {
        switch kind {
        case .typeMismatch: typeMismatch
        case .outOfRange: outOfRange
        case .unknownEnumSymbol: unknownEnumSymbol
        case .fixedSizeMismatch: fixedSizeMismatch
        case .byteOutOfRange: byteOutOfRange
        case .missingField: missingField
        case .unknownField: unknownField
        case .noMatchingBranch: noMatchingBranch
        case .badUnionTag: badUnionTag
        case .tooComplex: tooComplex
        }
    }
}
