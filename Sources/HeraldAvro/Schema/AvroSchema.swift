import HeraldDiagnostics

/// A parsed, fully resolved Avro schema: an arena of nodes and the root.
///
/// Named types are defined once in the arena; every reference to one points at the same node ID,
/// so recursive types are cycles of IDs, and checkers can memoise per node pair.
public struct AvroSchema: Sendable, Hashable {
    /// All nodes; IDs index into this array.
    public var nodes: [AvroNode]
    /// The top-level node.
    public var root: AvroNode.ID
    /// Named types by full name, pointing at their defining node.
    public var namedTypes: [String: AvroNode.ID]

    public init(nodes: [AvroNode], root: AvroNode.ID, namedTypes: [String: AvroNode.ID]) {
        self.nodes = nodes
        self.root = root
        self.namedTypes = namedTypes
    }

    public subscript(id: AvroNode.ID) -> AvroNode { nodes[id] }

    /// The top-level node itself.
    public var rootNode: AvroNode { nodes[root] }
}

/// One node of a schema: a type, its logical type annotation, custom properties and where it was written.
public struct AvroNode: Sendable, Hashable {
    /// Index into `AvroSchema.nodes`.
    public typealias ID = Int

    public var type: AvroType
    /// A valid logical type annotation; invalid or unknown ones are dropped by the parser with a warning.
    public var logicalType: LogicalType?
    /// Attributes the spec does not define, kept in document order (e.g. `"connect.name"`).
    public var properties: JSONObject
    /// Where the node was written; nil for nodes made in code.
    public var source: SchemaSource?

    public init(type: AvroType, logicalType: LogicalType? = nil, properties: JSONObject = JSONObject(), source: SchemaSource? = nil) {
        self.type = type
        self.logicalType = logicalType
        self.properties = properties
        self.source = source
    }
}

/// Where a schema node or field was written: file position and JSON pointer into that file's document.
public struct SchemaSource: Sendable, Hashable {
    public var location: SourceLocation
    /// JSON pointer within the file's document, `""` for the root. Written out on each access: the parser records
    /// only a step of its pointer table, as nearly all pointers are never read.
    public var pointer: String {
        get { table?.text(step) ?? "" }
        set {
            table = newValue.isEmpty ? nil : SchemaPointerTable(literal: newValue)
            step = -1
        }
    }
    /// nil for the document root.
    private var table: SchemaPointerTable?
    /// The step in `table`; -1 when the table holds a literal pointer.
    private var step: Int32

    public init(location: SourceLocation, pointer: String) {
        self.location = location
        self.table = pointer.isEmpty ? nil : SchemaPointerTable(literal: pointer)
        self.step = -1
    }

    /// A source at a step of a parser's pointer table.
    init(location: SourceLocation, table: SchemaPointerTable, at pointer: SchemaPointerID) {
        self.location = location
        if let step = pointer.step {
            self.table = table
            self.step = step
        } else {
            self.table = nil
            self.step = -1
        }
    }

    public static func == (lhs: SchemaSource, rhs: SchemaSource) -> Bool {
        guard lhs.location == rhs.location else { return false }
        if lhs.table === rhs.table, lhs.step == rhs.step { return true }
        return lhs.pointer == rhs.pointer
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
        hasher.combine(pointer)
    }
}

/// The kinds of Avro type. Child types are node IDs in the owning schema.
public enum AvroType: Sendable, Hashable {
    case null
    case boolean
    case int
    case long
    case float
    case double
    case bytes
    case string
    case record(AvroRecord)
    case enumeration(AvroEnum)
    case fixed(AvroFixed)
    case array(items: AvroNode.ID)
    case map(values: AvroNode.ID)
    case union(branches: [AvroNode.ID])

    /// Java's upper-case type name, as compatibility messages print it (`RECORD`, `INT`, …).
    public var javaName: String {
        switch self {
        case .null: "NULL"
        case .boolean: "BOOLEAN"
        case .int: "INT"
        case .long: "LONG"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .bytes: "BYTES"
        case .string: "STRING"
        case .record: "RECORD"
        case .enumeration: "ENUM"
        case .fixed: "FIXED"
        case .array: "ARRAY"
        case .map: "MAP"
        case .union: "UNION"
        }
    }

    /// The spec's lower-case name (`record`, `int`, …).
    public var specName: String {
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
        case .fixed: "fixed"
        case .array: "array"
        case .map: "map"
        case .union: "union"
        }
    }

    /// The name of a named type, nil for the others.
    public var name: AvroName? {
        switch self {
        case .record(let r): r.name
        case .enumeration(let e): e.name
        case .fixed(let f): f.name
        default: nil
        }
    }

    /// Fully qualified aliases of a named type, empty for the others.
    public var aliases: [String] {
        switch self {
        case .record(let r): r.aliases
        case .enumeration(let e): e.aliases
        case .fixed(let f): f.aliases
        default: []
        }
    }
}

/// The name of a named type.
public struct AvroName: Sendable, Hashable, CustomStringConvertible {
    /// The short name (last part).
    public var name: String
    /// The namespace; nil for the null namespace.
    public var namespace: String?

    public init(name: String, namespace: String?) {
        self.name = name
        self.namespace = (namespace?.isEmpty ?? true) ? nil : namespace
    }

    /// Parses a full name such as `com.example.Money`.
    public init(fullName: String) {
        if let dot = fullName.lastIndex(of: ".") {
            self.init(name: String(fullName[fullName.index(after: dot)...]), namespace: String(fullName[..<dot]))
        } else {
            self.init(name: fullName, namespace: nil)
        }
    }

    /// `namespace.name`, or the short name in the null namespace.
    public var fullName: String {
        guard let namespace else { return name }
        // One string of the exact size: `namespace + "." + name` makes an intermediate string and grows it.
        var ns = namespace, short = name
        return ns.withUTF8 { nsBytes in
            short.withUTF8 { nameBytes in
                String(unsafeUninitializedCapacity: nsBytes.count + 1 + nameBytes.count) { out in
                    guard let target = out.baseAddress else { return 0 }
                    if let source = nsBytes.baseAddress { target.initialize(from: source, count: nsBytes.count) }
                    (target + nsBytes.count).initialize(to: UInt8(ascii: "."))
                    if let source = nameBytes.baseAddress { (target + nsBytes.count + 1).initialize(from: source, count: nameBytes.count) }
                    return nsBytes.count + 1 + nameBytes.count
                }
            }
        }
    }

    public var description: String { fullName }
}

/// A record (or an `error` record from a protocol).
public struct AvroRecord: Sendable, Hashable {
    public var name: AvroName
    /// Fully qualified aliases (short aliases were qualified with the record's namespace).
    public var aliases: [String]
    public var doc: String?
    public var fields: [AvroField]
    /// Written as `"type": "error"`.
    public var isError: Bool

    public init(name: AvroName, aliases: [String] = [], doc: String? = nil, fields: [AvroField], isError: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.fields = fields
        self.isError = isError
    }

    public func fieldIndex(named name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// A field of a record.
public struct AvroField: Sendable, Hashable {
    public var name: String
    /// Field aliases (plain names).
    public var aliases: [String]
    public var doc: String?
    public var type: AvroNode.ID
    /// The default as written; validated against the type by the parser.
    public var defaultValue: JSONValue?
    public var order: FieldOrder
    /// Attributes the spec does not define, in document order.
    public var properties: JSONObject
    public var source: SchemaSource?

    public init(
        name: String, aliases: [String] = [], doc: String? = nil, type: AvroNode.ID, defaultValue: JSONValue? = nil,
        order: FieldOrder = .ascending, properties: JSONObject = JSONObject(), source: SchemaSource? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.type = type
        self.defaultValue = defaultValue
        self.order = order
        self.properties = properties
        self.source = source
    }
}

/// A field's sort order.
public enum FieldOrder: String, Sendable, Hashable {
    case ascending
    case descending
    case ignore
}

public struct AvroEnum: Sendable, Hashable {
    public var name: AvroName
    public var aliases: [String]
    public var doc: String?
    public var symbols: [String]
    /// The enum-level default symbol used when a reader meets an unknown symbol.
    public var defaultSymbol: String?

    public init(name: AvroName, aliases: [String] = [], doc: String? = nil, symbols: [String], defaultSymbol: String? = nil) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.symbols = symbols
        self.defaultSymbol = defaultSymbol
    }
}

/// A fixed-size byte sequence.
public struct AvroFixed: Sendable, Hashable {
    public var name: AvroName
    public var aliases: [String]
    public var doc: String?
    public var size: Int

    public init(name: AvroName, aliases: [String] = [], doc: String? = nil, size: Int) {
        self.name = name
        self.aliases = aliases
        self.doc = doc
        self.size = size
    }
}

/// The logical types of Avro 1.12.
public enum LogicalType: Sendable, Hashable {
    case decimal(precision: Int, scale: Int)
    case bigDecimal
    case uuid
    case date
    case timeMillis
    case timeMicros
    case timestampMillis
    case timestampMicros
    case timestampNanos
    case localTimestampMillis
    case localTimestampMicros
    case localTimestampNanos
    case duration

    /// The `logicalType` attribute value.
    public var name: String {
        switch self {
        case .decimal: "decimal"
        case .bigDecimal: "big-decimal"
        case .uuid: "uuid"
        case .date: "date"
        case .timeMillis: "time-millis"
        case .timeMicros: "time-micros"
        case .timestampMillis: "timestamp-millis"
        case .timestampMicros: "timestamp-micros"
        case .timestampNanos: "timestamp-nanos"
        case .localTimestampMillis: "local-timestamp-millis"
        case .localTimestampMicros: "local-timestamp-micros"
        case .localTimestampNanos: "local-timestamp-nanos"
        case .duration: "duration"
        }
    }
}

extension AvroSchema {
    /// The same schema without the source positions of its nodes and fields: what publishing needs once the checks
    /// that report positions have run. A large catalog holds tens of thousands of schemas, and dropping their
    /// positions releases each one's JSON-pointer table.
    /// `keepingRoot` keeps the root node's position, which diagnostics about the whole schema point at.
    public func droppingSources(keepingRoot: Bool = false) -> AvroSchema {
        // A copy on purpose: the copied arrays are exactly as large as they need to be, while the parser's grew by
        // doubling, which across the older versions of a large catalog adds up to tens of megabytes.
        var schema = self
        for index in schema.nodes.indices {
            if !(keepingRoot && index == root) { schema.nodes[index].source = nil }
            if case .record(var record) = schema.nodes[index].type {
                for field in record.fields.indices { record.fields[field].source = nil }
                schema.nodes[index].type = .record(record)
            }
        }
        return schema
    }
}
