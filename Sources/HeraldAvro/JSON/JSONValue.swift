/// A JSON value without source positions: defaults, custom properties, example payloads once parsed.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Members in document order; keys are unique (the parser rejects duplicates).
    case object(JSONObject)
}

/// A JSON number kept as its literal text, so integers of any size and the int/float distinction survive.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal as written (`-12`, `1.5e3`).
    public var text: String

    public init(text: String) { self.text = text }
    public init(_ value: Int64) { self.text = String(value) }
    public init(_ value: Int) { self.text = String(value) }
    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            self.text = String(Int64(value)) + ".0"
        } else {
            self.text = String(value)
        }
    }

    /// True when the literal has no fraction or exponent.
    public var isIntegerLiteral: Bool { !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) }

    /// The value as a 64-bit integer when it is an integer literal that fits, or a float literal with an integral value that fits.
    public var int64: Int64? {
        if isIntegerLiteral { return Int64(text) }
        guard let d = Double(text), d.isFinite, d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return nil }
        return Int64(d)
    }

    /// The value as a double (may lose precision for large integers).
    public var double: Double { Double(text) ?? .nan }

    public var description: String { text }
}

/// An ordered JSON object.
public struct JSONObject: Sendable, Hashable {
    public var members: [(key: String, value: JSONValue)] {
        get { zip(keys, values).map { ($0, $1) } }
        set {
            keys = newValue.map(\.key)
            values = newValue.map(\.value)
        }
    }
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.keys = members.map(\.key)
        self.values = members.map(\.value)
    }

    public subscript(key: String) -> JSONValue? {
        guard let index = keys.firstIndex(of: key) else { return nil }
        return values[index]
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Sets a member, replacing it in place when present, appending otherwise.
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let index = keys.firstIndex(of: key) {
            values[index] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }
}

/// A 1-based line and column in a text.
public struct TextPosition: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A JSON value with the position of every node, as the schema parser and example validator need for diagnostics.
public struct JSONNode: Sendable {
    /// Where the value starts.
    public var position: TextPosition
    public var value: Value

    public enum Value: Sendable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([JSONNode])
        case object([JSONMember])
    }

    public init(position: TextPosition, value: Value) {
        self.position = position
        self.value = value
    }

    /// The member with this key, when this node is an object.
    public subscript(key: String) -> JSONMember? {
        guard case .object(let members) = value else { return nil }
        // By index: comparing each key in place instead of copying every member on the way. Lengths first: most
        // keys of an object differ in length, and that test is far cheaper than a string comparison.
        let length = key.utf8.count
        for index in members.indices where members[index].key.utf8.count == length && members[index].key == key { return members[index] }
        return nil
    }

    /// The same value without positions.
    public var plain: JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.plain))
        case .object(let members): .object(JSONObject(members.map { ($0.key, $0.value.plain) }))
        }
    }
}

/// A member of a JSON object with the positions of its key and value.
public struct JSONMember: Sendable {
    public var key: String
    public var keyPosition: TextPosition
    public var value: JSONNode

    public init(key: String, keyPosition: TextPosition, value: JSONNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}
