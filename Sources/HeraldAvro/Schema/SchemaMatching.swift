/// The matching rules schema resolution is built on, shared by the compatibility checker and the resolving decoder
/// so that the two can never disagree about which types, names and fields correspond.
public enum SchemaMatching {
    /// Java's `schemaNameEquals`: the short names are equal (namespaces are ignored), or the writer's full name is
    /// one of the reader's qualified aliases.
    public static func namesMatch(reader: AvroName, readerAliases: [String], writer: AvroName) -> Bool {
        reader.name == writer.name || readerAliases.contains(writer.fullName)
    }

    /// `namesMatch` for two named types; false when either is not a named type.
    public static func namesMatch(reader: AvroType, writer: AvroType) -> Bool {
        guard let readerName = reader.name, let writerName = writer.name else { return false }
        return namesMatch(reader: readerName, readerAliases: reader.aliases, writer: writerName)
    }

    /// Whether a writer value of one primitive kind is promoted to a different reader kind:
    /// int to long, float or double; long to float or double; float to double; string to bytes; bytes to string.
    /// Identical kinds are not promotions.
    public static func isPromotion(writer: AvroType, reader: AvroType) -> Bool {
        switch (writer, reader) {
        case (.int, .long), (.int, .float), (.int, .double): true
        case (.long, .float), (.long, .double): true
        case (.float, .double): true
        case (.string, .bytes), (.bytes, .string): true
        default: false
        }
    }

    /// Whether two types are of the same kind (both records, both ints, both unions, …), ignoring names and children.
    public static func sameKind(_ a: AvroType, _ b: AvroType) -> Bool {
        switch (a, b) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
             (.bytes, .bytes), (.string, .string), (.record, .record), (.enumeration, .enumeration), (.fixed, .fixed),
             (.array, .array), (.map, .map), (.union, .union):
            true
        default:
            false
        }
    }

    /// How a reader field finds its writer field.
    public enum WriterFieldMatch: Sendable, Hashable {
        /// No writer field has the reader field's name or one of its aliases.
        case none
        /// Exactly one writer field matches; its index in the writer record.
        case field(Int)
        /// Several writer fields match (the name and an alias, or two aliases): Java refuses such a pair.
        /// Indices in match order: the direct name first, then the aliases in their written order.
        case ambiguous([Int])
    }

    /// Java's `lookupWriterField`: the writer field named like the reader field, plus those named by its aliases.
    public static func writerField(for readerField: AvroField, in writer: AvroRecord) -> WriterFieldMatch {
        writerField(named: readerField.name, aliases: readerField.aliases, in: writer.fields)
    }

    /// `writerField(for:in:)` from the reader field's name and aliases and the writer's fields.
    public static func writerField(named name: String, aliases: [String], in writerFields: [AvroField]) -> WriterFieldMatch {
        let direct = writerFields.firstIndex { $0.name == name }
        if aliases.isEmpty { return direct.map(WriterFieldMatch.field) ?? .none }
        var matches: [Int] = direct.map { [$0] } ?? []
        for alias in aliases {
            if let index = writerFields.firstIndex(where: { $0.name == alias }) { matches.append(index) }
        }
        switch matches.count {
        case 0: return .none
        case 1: return .field(matches[0])
        default: return .ambiguous(matches)
        }
    }

    /// Whether the reader enum falls back to its own default for writer symbols it lacks (the default must be one of its symbols).
    public static func hasUsableEnumDefault(_ reader: AvroEnum) -> Bool {
        guard let symbol = reader.defaultSymbol else { return false }
        return reader.symbols.contains(symbol)
    }
}
