/// The kinds of incompatibility, named as Java's `SchemaIncompatibilityType` names them.
public enum IncompatibilityType: String, Sendable, Hashable, CaseIterable, Codable {
    case nameMismatch = "NAME_MISMATCH"
    case fixedSizeMismatch = "FIXED_SIZE_MISMATCH"
    case missingEnumSymbols = "MISSING_ENUM_SYMBOLS"
    case readerFieldMissingDefaultValue = "READER_FIELD_MISSING_DEFAULT_VALUE"
    case typeMismatch = "TYPE_MISMATCH"
    case missingUnionBranch = "MISSING_UNION_BRANCH"
    /// Herald's own: a reader field matches several writer fields through its aliases. Java throws here
    /// (`AvroRuntimeException`), so a registry refuses the pair; Herald reports it instead of failing.
    case readerFieldMatchesMultipleWriterFields = "READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS"
}

/// One reason a reader schema cannot read all data written with a writer schema.
public struct Incompatibility: Sendable, Hashable {
    /// The kind of incompatibility (the rule ID).
    public var type: IncompatibilityType
    /// Java's location: a JSON pointer built from the reader's path (`/fields/1/type`), `/` for the root.
    public var location: String
    /// Java's message text (`reader type: INT not compatible with writer type: STRING`, the field name, `[B, D]`, …).
    /// Worded from the finding's facts when first asked for, like explanation and hint: a registry or a history check
    /// decides on the verdict and the type, and most findings are never shown.
    public var message: String {
        get {
            if let givenMessage { return givenMessage }
            if case .derived(let facts) = text { return facts.message(for: type) }
            return ""
        }
        set { givenMessage = newValue }
    }
    /// A message given or set; nil while it is worded from the facts.
    private var givenMessage: String?
    /// The reader node the finding is about (Java's reader fragment: the record for a missing field, the union for a missing branch).
    public var readerNode: AvroNode.ID
    /// The writer node the finding is about (Java's writer fragment).
    public var writerNode: AvroNode.ID
    /// For field findings, the index of the reader field in the reader record (`readerNode`).
    public var readerFieldIndex: Int?
    /// Explanation and hint, given or worded on demand (most findings are never shown, so wording waits).
    var text: Text

    enum Text: Sendable, Hashable {
        case given(explanation: String, hint: String)
        case derived(IncompatibilityFacts)
    }

    /// What goes wrong when data is read, in plain words, using the checker's role labels (e.g. "new" and "old").
    public var explanation: String {
        switch text {
        case .given(let explanation, _): explanation
        case .derived(let facts): facts.explanation(for: type)
        }
    }

    /// What to change to make the pair compatible.
    public var hint: String {
        switch text {
        case .given(_, let hint): hint
        case .derived(let facts): facts.hint(for: type)
        }
    }

    public init(
        type: IncompatibilityType, location: String, message: String, readerNode: AvroNode.ID, writerNode: AvroNode.ID,
        readerFieldIndex: Int? = nil, explanation: String, hint: String
    ) {
        self.type = type
        self.location = location
        self.readerNode = readerNode
        self.writerNode = writerNode
        self.readerFieldIndex = readerFieldIndex
        self.givenMessage = message
        self.text = .given(explanation: explanation, hint: hint)
    }

    /// A finding whose message, explanation and hint are worded from `facts` on demand.
    init(
        type: IncompatibilityType, location: String, readerNode: AvroNode.ID, writerNode: AvroNode.ID,
        readerFieldIndex: Int?, facts: IncompatibilityFacts
    ) {
        self.type = type
        self.location = location
        self.givenMessage = nil
        self.readerNode = readerNode
        self.writerNode = writerNode
        self.readerFieldIndex = readerFieldIndex
        self.text = .derived(facts)
    }
}

/// The outcome of checking one reader schema against one writer schema.
public struct CompatibilityResult: Sendable, Hashable {
    /// Every incompatibility, in the order Java reports them; empty when compatible.
    public var incompatibilities: [Incompatibility]

    public init(incompatibilities: [Incompatibility]) {
        self.incompatibilities = incompatibilities
    }

    /// True when the reader can read everything the writer writes.
    public var isCompatible: Bool { incompatibilities.isEmpty }
}

/// The words used for the two sides in explanations and hints.
public struct CompatibilityRoles: Sendable, Hashable {
    /// The reading side, e.g. "new" under BACKWARD.
    public var reader: String
    /// The writing side, e.g. "old" under BACKWARD.
    public var writer: String

    /// Whether hints address the reader (the schema being edited is the reader); false when the writer is the new one.
    public var editsReader: Bool

    public init(reader: String, writer: String, editsReader: Bool = true) {
        self.reader = reader
        self.writer = writer
        self.editsReader = editsReader
    }

    /// Plain "reader" and "writer"; hints say how to change the reader.
    public static let readerWriter = CompatibilityRoles(reader: "reader", writer: "writer")
    /// BACKWARD: the new schema reads data written with the old one; hints change the new (reader) schema.
    public static let newReadsOld = CompatibilityRoles(reader: "new", writer: "old")
    /// FORWARD: the old schema reads data written with the new one; hints change the new (writer) schema.
    public static let oldReadsNew = CompatibilityRoles(reader: "old", writer: "new", editsReader: false)
}
