import HeraldAvro

/// A YAML value with the position of every node; a Sendable copy of Yams' node tree, which is not Sendable.
public struct YAMLNode: Sendable, Hashable {
    /// Where the node starts (1-based).
    public var position: TextPosition
    public var value: Value

    /// The shapes a YAML node can take. Scalars keep their text; the reader interprets them per field.
    public enum Value: Sendable, Hashable {
        /// A scalar's text and whether it was quoted (a quoted scalar is always a string).
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLMember])
    }

    public init(position: TextPosition, value: Value) {
        self.position = position
        self.value = value
    }

    /// The member with this key, when this node is a mapping.
    public subscript(key: String) -> YAMLMember? {
        guard case .mapping(let members) = value else { return nil }
        return members.first { $0.key == key }
    }

    /// The scalar text, when this node is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// True for an unquoted `~`, `null`, `Null`, `NULL` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let text, let quoted) = value, !quoted {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// A word for the node's shape, for messages (`a mapping`, `a list`, `a scalar`).
    public var shapeName: String {
        switch value {
        case .scalar: isNull ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A mapping member: a scalar key with its position, and its value.
public struct YAMLMember: Sendable, Hashable {
    public var key: String
    public var keyPosition: TextPosition
    public var value: YAMLNode

    public init(key: String, keyPosition: TextPosition, value: YAMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}
