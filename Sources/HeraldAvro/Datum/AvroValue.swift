/// One Avro datum, shaped by a schema: records keep their fields in schema order, unions keep the branch index.
///
/// Only `union` is boxed; records, arrays and maps own one array each, and short strings stay inline,
/// so decoding a typical event allocates little.
public enum AvroValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    /// Field values in the record schema's field order.
    case record([AvroValue])
    /// The symbol's index in the enum schema and the symbol itself.
    case enumeration(index: Int, symbol: String)
    case array([AvroValue])
    /// Entries in encounter order; keys are unique when read from JSON, whatever the binary data held otherwise.
    case map([AvroMapEntry])
    /// The index of the union branch used and the value for that branch.
    indirect case union(branch: Int, value: AvroValue)
    case fixed([UInt8])

    /// The spec's name of the kind of value (`record`, `long`, …), as messages print it.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record: "record"
        case .enumeration: "enum"
        case .array: "array"
        case .map: "map"
        case .union: "union"
        case .fixed: "fixed"
        }
    }
}

/// One key/value pair of an Avro map.
public struct AvroMapEntry: Sendable, Hashable {
    /// The entry's key.
    public var key: String
    /// The entry's value.
    public var value: AvroValue

    /// An entry.
    public init(key: String, value: AvroValue) {
        self.key = key
        self.value = value
    }
}
