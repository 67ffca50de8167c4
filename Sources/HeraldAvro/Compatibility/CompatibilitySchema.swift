/// A schema laid out for the compatibility walk: kinds, children and fields in small contiguous arrays, built once
/// per schema. The walk reads these instead of the 168-byte arena nodes; it was bound by the memory those occupy.
/// Prepare a schema once when it is checked many times (a registry's stored versions, a history in every direction).
public struct CompatibilitySchema: Sendable {
    /// The schema itself, for everything the layout leaves out (aliases, symbols, wording of findings).
    public let schema: AvroSchema

    /// Per node: its kind tag and up to three numbers whose meaning depends on the kind.
    struct Node {
        /// `AvroType.kindTag`.
        var kind: UInt8
        /// enum: its default symbol is one of its symbols (it reads unknown symbols as the default).
        var usableDefault: Bool = false
        /// array/map: the child; union: first branch in `branches`; record: first field in `fields`; fixed: size;
        /// enum: first symbol in `symbols`.
        var a: Int32
        /// union: branch count; record: field count; enum: symbol count.
        var b: Int32
        /// Named types: index of the short name in `names`; -1 otherwise.
        var name: Int32
    }

    /// A record field.
    struct Field {
        var name: String
        var type: Int32
        /// The kind tag of the field's type, so that a field of the same primitive type on both sides is passed
        /// over without reading its node.
        var kind: UInt8 = 0xFF
        var hasDefault: Bool
        var hasAliases: Bool
    }

    /// The layout's arrays, in one shared object: a layout is copied wherever it is passed or stored, and one
    /// reference is cheaper to copy than five arrays.
    final class Storage: Sendable {
        let nodes: [Node]
        let branches: [Int32]
        let fields: [Field]
        let names: [String]
        let symbols: [String]
        /// Every child ID is a node of the schema (the walk reads the layout without bounds checks).
        let isConsistent: Bool

        init(nodes: [Node], branches: [Int32], fields: [Field], names: [String], symbols: [String], isConsistent: Bool) {
            self.nodes = nodes
            self.branches = branches
            self.fields = fields
            self.names = names
            self.symbols = symbols
            self.isConsistent = isConsistent
        }
    }

    let storage: Storage

    var nodes: [Node] { storage.nodes }
    var branches: [Int32] { storage.branches }
    var fields: [Field] { storage.fields }
    var names: [String] { storage.names }
    var symbols: [String] { storage.symbols }
    var isConsistent: Bool { storage.isConsistent }

    /// Lays out `schema` for checking.
    public init(_ schema: AvroSchema) {
        self.schema = schema
        var nodes: [Node] = []
        nodes.reserveCapacity(schema.nodes.count)
        var branches: [Int32] = [], fields: [Field] = [], names: [String] = [], symbols: [String] = []
        // By index, so that only each node's type is read, not whole nodes (and fields) copied.
        for nodeIndex in schema.nodes.indices {
            let type = schema.nodes[nodeIndex].type
            var entry = Node(kind: type.kindTag, a: 0, b: 0, name: -1)
            // Named types are memoised and looked up by name, so every one gets a name entry.
            switch type {
            case .array(let items): entry.a = Int32(truncatingIfNeeded: items)
            case .map(let values): entry.a = Int32(truncatingIfNeeded: values)
            case .union(let members):
                entry.a = Int32(truncatingIfNeeded: branches.count)
                entry.b = Int32(truncatingIfNeeded: members.count)
                branches.append(contentsOf: members.map { Int32(truncatingIfNeeded: $0) })
            case .record(let record):
                entry.a = Int32(truncatingIfNeeded: fields.count)
                entry.b = Int32(truncatingIfNeeded: record.fields.count)
                entry.name = Int32(truncatingIfNeeded: names.count)
                names.append(record.name.name)
                for index in record.fields.indices {
                    fields.append(Field(
                        name: record.fields[index].name, type: Int32(truncatingIfNeeded: record.fields[index].type),
                        hasDefault: record.fields[index].defaultValue != nil, hasAliases: !record.fields[index].aliases.isEmpty))
                }
            case .enumeration(let e):
                entry.name = Int32(truncatingIfNeeded: names.count)
                names.append(e.name.name)
                entry.a = Int32(truncatingIfNeeded: symbols.count)
                entry.b = Int32(truncatingIfNeeded: e.symbols.count)
                entry.usableDefault = SchemaMatching.hasUsableEnumDefault(e)
                symbols.append(contentsOf: e.symbols)
            case .fixed(let f):
                entry.a = Int32(truncatingIfNeeded: f.size)
                entry.name = Int32(truncatingIfNeeded: names.count)
                names.append(f.name.name)
            default:
                break
            }
            nodes.append(entry)
        }
        let consistent = Self.checkConsistency(nodes: nodes, branches: branches, fields: fields, symbols: symbols)
            && schema.nodes.indices.contains(schema.root)
        if consistent {
            for index in fields.indices { fields[index].kind = nodes[Int(fields[index].type)].kind }
        }
        storage = Storage(nodes: nodes, branches: branches, fields: fields, names: names, symbols: symbols, isConsistent: consistent)
    }

    static func checkConsistency(nodes: [Node], branches: [Int32], fields: [Field], symbols: [String]) -> Bool {
        let count = nodes.count
        func valid(_ id: Int32) -> Bool { id >= 0 && Int(id) < count }
        for node in nodes {
            switch node.kind {
            case 11, 12: if !valid(node.a) { return false }
            case 13: if node.a < 0 || node.b < 0 || Int(node.a) + Int(node.b) > branches.count { return false }
            case 8: if node.a < 0 || node.b < 0 || Int(node.a) + Int(node.b) > fields.count { return false }
            case 9: if node.a < 0 || node.b < 0 || Int(node.a) + Int(node.b) > symbols.count { return false }
            default: break
            }
        }
        return branches.allSatisfy(valid) && fields.allSatisfy { valid($0.type) }
    }
}
