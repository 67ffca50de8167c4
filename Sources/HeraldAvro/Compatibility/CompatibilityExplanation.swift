/// What a finding is about, kept so that its message, explanation and hint can be worded when needed. It holds the
/// two schemas (shared, not copied) and node IDs; the types are read from them only when a text is worded.
struct IncompatibilityFacts: Sendable, Hashable {
    var roles: CompatibilityRoles
    let reader: AvroSchema
    let writer: AvroSchema
    let readerNode: AvroNode.ID
    let writerNode: AvroNode.ID
    let branchNode: AvroNode.ID?
    /// The reader field whose type was being checked (record node and field index).
    let field: FieldRef?
    /// The reader field concerned, by index in the reader record.
    var fieldIndex: Int?
    /// Java's enum-default quirk produced the finding.
    var quirk: Bool

    /// The reader node's type (the record for field findings, the union for missing branches).
    var readerType: AvroType { reader.nodes[readerNode].type }
    /// The writer node's type.
    var writerType: AvroType { writer.nodes[writerNode].type }
    /// The writer branch no reader branch reads.
    var branchType: AvroType? { branchNode.map { writer.nodes[$0].type } }
    /// The reader field whose type was being checked.
    var fieldName: String? { field.flatMap { ref in reader.nodes[ref.record].type.recordFields.map { $0[ref.index].name } } }

    // Equal when they word the same texts: compared by what they say, not by the schemas they point into.
    static func == (lhs: IncompatibilityFacts, rhs: IncompatibilityFacts) -> Bool {
        lhs.roles == rhs.roles && lhs.fieldIndex == rhs.fieldIndex && lhs.quirk == rhs.quirk && lhs.fieldName == rhs.fieldName
            && lhs.readerType == rhs.readerType && lhs.writerType == rhs.writerType && lhs.branchType == rhs.branchType
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(roles)
        hasher.combine(fieldIndex)
        hasher.combine(quirk)
        hasher.combine(fieldName)
        hasher.combine(readerType)
        hasher.combine(writerType)
        hasher.combine(branchType)
    }

    /// Java's message text.
    func message(for type: IncompatibilityType) -> String {
        switch type {
        case .nameMismatch:
            return "expected: \(writerType.name?.fullName ?? "")"
        case .fixedSizeMismatch:
            return "expected: \(writerType.fixedSize ?? 0), found: \(readerType.fixedSize ?? 0)"
        case .missingEnumSymbols:
            return "[\(missingSymbols.joined(separator: ", "))]"
        case .readerFieldMissingDefaultValue:
            return readerField?.name ?? ""
        case .readerFieldMatchesMultipleWriterFields:
            return "Reader record field \(readerField?.name ?? "") matches multiple fields in writer record schema \(writerType.name?.fullName ?? "")"
        case .typeMismatch:
            return "reader type: \(readerType.javaName) not compatible with writer type: \(writerType.javaName)"
        case .missingUnionBranch:
            return "reader union lacking writer type: \((branchType ?? writerType).javaName)"
        }
    }

    var readerField: AvroField? {
        guard let fieldIndex, let fields = readerType.recordFields, fields.indices.contains(fieldIndex) else { return nil }
        return fields[fieldIndex]
    }

    var missingSymbols: [String] {
        guard case .enumeration(let re) = readerType, case .enumeration(let we) = writerType else { return [] }
        return CompatibilityTraversal.missingSymbols(reader: re, writer: we) ?? []
    }

    /// The writer fields a reader field matches through its name and aliases.
    var ambiguousNames: [String] {
        guard let field = readerField, let writerFields = writerType.recordFields,
              case .ambiguous(let indices) = SchemaMatching.writerField(named: field.name, aliases: field.aliases, in: writerFields)
        else { return [] }
        return indices.map { "`\(writerFields[$0].name)`" }
    }

    /// What goes wrong, in plain words.
    func explanation(for type: IncompatibilityType) -> String {
        let (reader, writer) = (roles.reader, roles.writer)
        switch type {
        case .nameMismatch:
            return "The \(reader) \(readerType.specName) is named `\(readerType.name?.fullName ?? "")`, but \(writer) data was written as `\(writerType.name?.fullName ?? "")`."
        case .fixedSizeMismatch:
            return "The fixed `\(readerType.name?.fullName ?? "")` holds \(readerType.fixedSize ?? 0) bytes in the \(reader) schema but \(writerType.fixedSize ?? 0) in the \(writer) schema."
        case .missingEnumSymbols:
            let missing = missingSymbols
            return "The \(writer) enum `\(writerType.name?.fullName ?? "")` has \(missing.count == 1 ? "symbol" : "symbols") \(missing.map { "`\($0)`" }.joined(separator: ", ")) that the \(reader) enum lacks, and the \(reader) enum has no default symbol."
        case .readerFieldMissingDefaultValue:
            return "Field `\(readerField?.name ?? "")` of the \(reader) record `\(readerType.name?.fullName ?? "")` has no default, and \(writer) data has no such field to read it from."
        case .readerFieldMatchesMultipleWriterFields:
            return "Field `\(readerField?.name ?? "")` of the \(reader) record matches \(ambiguousNames.joined(separator: ", ")) in the \(writer) record through its name and aliases, so resolution is ambiguous."
        case .typeMismatch:
            return "The \(reader) schema expects \(Self.describe(readerType))\(fieldName.map { " in field `\($0)`" } ?? "") where \(writer) data has \(Self.describe(writerType))."
        case .missingUnionBranch:
            let inField = fieldName.map { " of field `\($0)`" } ?? ""
            return "\(writer.prefix(1).uppercased() + writer.dropFirst()) data can hold \(Self.describe(branchType ?? writerType)) here, and the \(reader) union\(inField) has no branch that reads it."
        }
    }

    /// What to change, in the schema being edited (the reader under BACKWARD, the writer under FORWARD).
    func hint(for type: IncompatibilityType) -> String {
        let (reader, writer, editsReader) = (roles.reader, roles.writer, roles.editsReader)
        switch type {
        case .nameMismatch:
            let readerName = readerType.name?.fullName ?? "", writerName = writerType.name?.fullName ?? ""
            return editsReader
                ? "add the \(writer) name `\(writerName)` as an alias of `\(readerName)`, or keep the name"
                : "keep the name `\(readerName)`; \(reader) readers know no alias for `\(writerName)`"
        case .fixedSizeMismatch:
            return "keep the size \((editsReader ? writerType.fixedSize : readerType.fixedSize) ?? 0); a different size needs a new fixed type"
        case .missingEnumSymbols:
            let missing = missingSymbols
            let noun = missing.count == 1 ? "symbol" : "symbols"
            let list = missing.joined(separator: ", ")
            let enumName = readerType.name?.fullName ?? ""
            return editsReader
                ? "add an enum default to `\(enumName)` or keep \(noun) \(list)"
                : "do not add \(noun) \(list) until the \(reader) enum `\(enumName)` has an enum default"
        case .readerFieldMissingDefaultValue:
            let name = readerField?.name ?? ""
            return editsReader
                ? "add a default to field `\(name)`"
                : "keep field `\(name)` in the \(writer) schema; the \(reader) schema has no default for it"
        case .readerFieldMatchesMultipleWriterFields:
            let name = readerField?.name ?? ""
            return editsReader
                ? "remove aliases of `\(name)` so that it names exactly one \(writer) field"
                : "rename \(ambiguousNames.joined(separator: ", ")) so that only one of them matches `\(name)` or its aliases"
        case .typeMismatch:
            if quirk, let field = fieldName {
                return editsReader
                    ? "add a default to field `\(field)`; its enum default does not help when the \(writer) record has no such field"
                    : "keep field `\(field)` in the \(writer) schema; the \(reader) schema has no field default for it"
            }
            if editsReader {
                if case .null = writerType { return "make the \(reader) type a union that includes \"null\"" }
                let targets = Self.promotionTargets(of: writerType)
                return "keep the type \(Self.describe(writerType))"
                    + (targets.isEmpty ? "" : " or change it to a type it promotes to (\(targets.joined(separator: ", ")))")
            }
            let sources = Self.promotionSources(of: readerType)
            return "keep the type \(Self.describe(readerType))"
                + (sources.isEmpty ? "" : " or change it to a type that promotes to it (\(sources.joined(separator: ", ")))")
                + "; \(reader) readers cannot read \(Self.describe(writerType))"
        case .missingUnionBranch:
            let inField = fieldName.map { " of field `\($0)`" } ?? ""
            let branch = Self.describe(branchType ?? writerType)
            return editsReader
                ? "add \(branch) to the \(reader) union\(inField)"
                : "do not write \(branch) here; the \(reader) union\(inField) has no branch for it"
        }
    }

    static func describe(_ type: AvroType) -> String {
        if let name = type.name { return "\(type.specName) `\(name.fullName)`" }
        return "`\(type.specName)`"
    }

    /// The writer types a reader type accepts besides its own.
    static func promotionSources(of reader: AvroType) -> [String] {
        switch reader {
        case .long: ["int"]
        case .float: ["int", "long"]
        case .double: ["int", "long", "float"]
        case .string: ["bytes"]
        case .bytes: ["string"]
        default: []
        }
    }

    /// The reader types a writer type promotes to.
    static func promotionTargets(of writer: AvroType) -> [String] {
        switch writer {
        case .int: ["long", "float", "double"]
        case .long: ["float", "double"]
        case .float: ["double"]
        case .string: ["bytes"]
        case .bytes: ["string"]
        default: []
        }
    }
}
