import HeraldDiagnostics

/// The compatibility rules, named with Avro's own incompatibility types; `all` feeds `herald rules` and the docs table.
public enum CompatibilityRules {
    /// A reader field absent from the writer needs a default.
    public static let readerFieldMissingDefaultValue = RuleDescriptor(
        id: IncompatibilityType.readerFieldMissingDefaultValue.rawValue, category: .compatibility, severity: .error,
        purpose: "A field the reader expects but the writer lacks must have a default to fill it in.",
        hint: "Add a default to the field.")
    /// Types change only along promotions.
    public static let typeMismatch = RuleDescriptor(
        id: IncompatibilityType.typeMismatch.rawValue, category: .compatibility, severity: .error,
        purpose: "A type may only change along Avro's promotions (int to long, float or double; long to float or double; float to double; string and bytes).",
        hint: "Keep the type, or change it only along a promotion.")
    /// A renamed type lists its old name as an alias.
    public static let nameMismatch = RuleDescriptor(
        id: IncompatibilityType.nameMismatch.rawValue, category: .compatibility, severity: .error,
        purpose: "A renamed record, enum or fixed must list its old full name as an alias.",
        hint: "Add the old full name to the type's aliases.")
    /// A fixed keeps its size.
    public static let fixedSizeMismatch = RuleDescriptor(
        id: IncompatibilityType.fixedSizeMismatch.rawValue, category: .compatibility, severity: .error,
        purpose: "A fixed type keeps its size.",
        hint: "Keep the size, or introduce a new fixed type in a new event.")
    /// A reader enum knows every writer symbol or has a default.
    public static let missingEnumSymbols = RuleDescriptor(
        id: IncompatibilityType.missingEnumSymbols.rawValue, category: .compatibility, severity: .error,
        purpose: "A reader enum must know every symbol the writer may send, unless it has an enum default.",
        hint: "Keep the symbols, or give the reader enum a default symbol.")
    /// A reader union reads every writer branch.
    public static let missingUnionBranch = RuleDescriptor(
        id: IncompatibilityType.missingUnionBranch.rawValue, category: .compatibility, severity: .error,
        purpose: "A reader union must have a branch for every type the writer may send.",
        hint: "Add the missing branch to the reader union.")
    /// A reader field matches at most one writer field.
    public static let readerFieldMatchesMultipleWriterFields = RuleDescriptor(
        id: IncompatibilityType.readerFieldMatchesMultipleWriterFields.rawValue, category: .compatibility, severity: .error,
        purpose: "A reader field's name and aliases must name at most one writer field (Java refuses such a pair).",
        hint: "Remove the aliases that name other writer fields.")

    public static func descriptor(for type: IncompatibilityType) -> RuleDescriptor {
        switch type {
        case .readerFieldMissingDefaultValue: readerFieldMissingDefaultValue
        case .typeMismatch: typeMismatch
        case .nameMismatch: nameMismatch
        case .fixedSizeMismatch: fixedSizeMismatch
        case .missingEnumSymbols: missingEnumSymbols
        case .missingUnionBranch: missingUnionBranch
        case .readerFieldMatchesMultipleWriterFields: readerFieldMatchesMultipleWriterFields
        }
    }

    /// Every compatibility rule, in a stable order.
    public static let all: [RuleDescriptor] = IncompatibilityType.allCases.map(descriptor(for:))
}
