import HeraldDiagnostics

/// Which JSON reading of a datum: the catalog's plain JSON, or Avro's own JSON encoding with tagged unions.
public enum AvroJSONEncoding: String, Sendable, Hashable, CaseIterable {
    /// Unions written bare (the first branch that fits is taken), bytes and fixed as strings of code points 0-255.
    case plain
    /// Avro's JSON encoding: a non-null union value is `{"<branch>": value}`.
    case avroJSON = "avro-json"
}

/// One way a JSON datum fails its schema: where, what was expected and what was found.
public struct DatumProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; each maps to one rule in `DatumRules`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case typeMismatch
        case outOfRange
        case unknownEnumSymbol
        case fixedSizeMismatch
        case byteOutOfRange
        case missingField
        case unknownField
        case noMatchingBranch
        case badUnionTag
        /// The document needed more work than the validator's budget (deeply nested unions of records).
        case tooComplex
    }

    /// The kind of failure.
    public var kind: Kind
    /// Steps from the root to the offending value.
    public var components: [DatumPath.Component]
    /// Where the offending value (or key, for unknown fields) starts; nil for values that did not come from text.
    public var position: TextPosition?
    /// What the schema wants, e.g. `long (timestamp-millis)`.
    public var expected: String
    /// What the JSON holds, e.g. `string "2024-01-01T…"`.
    public var found: String
    /// The full sentence.
    public var message: String
    /// What to do about it, when there is more to say than the rule's own hint (e.g. how a logical type is written).
    public var hint: String?

    /// A problem.
    public init(kind: Kind, components: [DatumPath.Component], position: TextPosition?, expected: String, found: String, message: String, hint: String? = nil) {
        self.kind = kind
        self.components = components
        self.position = position
        self.expected = expected
        self.found = found
        self.message = message
        self.hint = hint
    }

    /// `$.lines[2].price.amount`.
    public var path: String { DatumPath.render(components) }

    /// RFC 6901 pointer to the value, e.g. `/lines/2/price/amount`.
    public var pointer: String {
        components.map { component -> String in
            let raw: String
            switch component {
            case .field(let name), .key(let name): raw = name
            case .index(let i): raw = String(i)
            }
            return "/" + raw.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }.joined()
    }

    /// `$.path: message`.
    public var description: String { "\(path): \(message)" }

    /// The problem as a diagnostic of category `example`, located in `file`.
    public func diagnostic(file: String?, event: String? = nil) -> Diagnostic {
        Diagnostic(
            DatumRules.rule(for: kind), message: "\(path): \(message)", hint: hint,
            location: SourceLocation(file: file, line: position?.line ?? 0, column: position?.column ?? 0),
            pointer: pointer, event: event)
    }
}


extension String {
    /// Replaces every occurrence (Foundation-free).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
