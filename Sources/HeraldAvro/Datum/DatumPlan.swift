/// A schema flattened into a compact table that the binary codecs walk without copying schema structs.
///
/// Op indexes equal the schema's node IDs, so plans and schemas share identities.
struct DatumPlan: Sendable {
    /// The kind of a node, one byte.
    enum Kind: UInt8, Sendable {
        case null, boolean, int, long, float, double, bytes, string, record, enumeration, fixed, array, map, union
    }

    /// One node. `a`/`b` mean: record and union: children start and count; array and map: child node;
    /// enum: symbol table and count; fixed: size.
    struct Op: Sendable {
        var kind: Kind
        var a: Int32
        var b: Int32
        /// The fewest bytes an encoding of this node can take (saturating), used to refuse absurd counts early.
        var minSize: Int32
    }

    var ops: [Op]
    var children: [Int32]
    var symbols: [[String]]
    /// Per entry of `children`: the field name for records, the branch's type name for unions.
    var childNames: [String]
    var root: Int

    init(_ schema: AvroSchema) {
        var ops: [Op] = []
        ops.reserveCapacity(schema.nodes.count)
        var children: [Int32] = []
        var symbols: [[String]] = []
        var childNames: [String] = []
        // By index, so that only each node's type is read, not whole nodes (and fields) copied.
        for nodeIndex in schema.nodes.indices {
            switch schema.nodes[nodeIndex].type {
            case .null: ops.append(Op(kind: .null, a: 0, b: 0, minSize: 0))
            case .boolean: ops.append(Op(kind: .boolean, a: 0, b: 0, minSize: 1))
            case .int: ops.append(Op(kind: .int, a: 0, b: 0, minSize: 1))
            case .long: ops.append(Op(kind: .long, a: 0, b: 0, minSize: 1))
            case .float: ops.append(Op(kind: .float, a: 0, b: 0, minSize: 4))
            case .double: ops.append(Op(kind: .double, a: 0, b: 0, minSize: 8))
            case .bytes: ops.append(Op(kind: .bytes, a: 0, b: 0, minSize: 1))
            case .string: ops.append(Op(kind: .string, a: 0, b: 0, minSize: 1))
            case .record(let record):
                let start = Int32(children.count)
                for field in record.fields.indices {
                    children.append(Int32(record.fields[field].type))
                    childNames.append(record.fields[field].name)
                }
                ops.append(Op(kind: .record, a: start, b: Int32(record.fields.count), minSize: 0))
            case .enumeration(let e):
                ops.append(Op(kind: .enumeration, a: Int32(symbols.count), b: Int32(e.symbols.count), minSize: 1))
                symbols.append(e.symbols)
            case .fixed(let f):
                let size = Int32(clamping: f.size)
                ops.append(Op(kind: .fixed, a: size, b: 0, minSize: size))
            case .array(let items): ops.append(Op(kind: .array, a: Int32(items), b: 0, minSize: 1))
            case .map(let values): ops.append(Op(kind: .map, a: Int32(values), b: 0, minSize: 1))
            case .union(let branches):
                let start = Int32(children.count)
                children.append(contentsOf: branches.map { Int32($0) })
                childNames.append(contentsOf: branches.map { schema.nodes[$0].type.name?.fullName ?? schema.nodes[$0].type.specName })
                ops.append(Op(kind: .union, a: start, b: Int32(branches.count), minSize: 1))
            }
        }
        // Record minimum sizes depend on their fields; iterate to a fixpoint (records can only nest finitely).
        for _ in 0..<64 {
            var changed = false
            for index in ops.indices where ops[index].kind == .record {
                var total: Int64 = 0
                let start = Int(ops[index].a)
                for child in children[start..<start + Int(ops[index].b)] {
                    total += Int64(ops[Int(child)].minSize)
                }
                let size = Int32(clamping: min(total, 1 << 20))
                if size != ops[index].minSize {
                    ops[index].minSize = size
                    changed = true
                }
            }
            if !changed { break }
        }
        self.ops = ops
        self.children = children
        self.symbols = symbols
        self.childNames = childNames
        self.root = schema.root
    }
}
