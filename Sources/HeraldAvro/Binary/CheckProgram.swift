/// A schema compiled for the produce-time check: a flat list of instructions in which records are laid out inline
/// (their fields one after another) and unions jump to their branch, so that checking a datum is one loop over
/// instructions instead of a walk of the schema tree. Arrays, maps and records that recur (or would make the
/// program too large) are separate subprograms, called per item.
///
/// The program is only ever trusted to *accept*: whenever it sees anything it does not accept outright (a bad
/// byte, a limit that might be reached, an unusual varint) it gives up, and the caller decides with the plain
/// `BinaryDecodingSession.skip`, which also says where and why.
struct CheckProgram: Sendable {
    enum Op: UInt8, Sendable {
        /// Leaves; `b` is how many of them follow one another (consecutive fields of one type are one instruction).
        case boolean, int, long, float, double, string, bytes
        /// `a`: the size; `b` as for the leaves.
        case fixed
        /// `a`: the number of symbols; `b` as for the leaves.
        case enumeration
        /// A union of null and a string, long or int (the usual optional field): `a` is the null branch's index,
        /// `b` as for the leaves.
        case optionalString, optionalLong, optionalInt
        /// `a`: first entry of `targets`, `b`: the number of branches; jumps to the branch's code.
        case union
        /// `a`: the instruction to go on with.
        case jump
        /// `a`: the item subprogram, `b`: the least bytes an item takes, `c`: the static depth the items run at.
        case array, map
        /// `a`: the record subprogram, `c`: the static depth it is called at.
        case call
        /// Remembers where the root record's field being asked about starts.
        case mark
        /// The end of a subprogram.
        case ret
    }

    struct Instruction: Sendable {
        var op: Op
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = 0
    }

    var code: [Instruction] = []
    var targets: [Int32] = []
    /// Per subprogram: its first instruction.
    var entries: [Int32] = []
    /// Per subprogram: the most nesting levels (records, unions, arrays, maps) it enters, not counting callees.
    var depths: [Int32] = []
    /// The node of the root record's field whose content is asked for, when one is.
    var markedNode: Int?

    /// Code beyond this many instructions calls shared record subprograms instead of laying records out again.
    static let inlineBudget = 20_000

    /// Compiles `plan`; `rootField` marks where that field of a root record starts.
    init(plan: DatumPlan, rootField: Int?) {
        var compiler = Compiler(plan: plan)
        let rootOp = plan.ops[plan.root]
        if let rootField, rootOp.kind == .record, rootField >= 0, rootField < Int(rootOp.b) {
            compiler.markField = rootField
            markedNode = Int(plan.children[Int(rootOp.a) + rootField])
        }
        _ = compiler.subprogram(plan.root, asRecordBody: false)
        code = compiler.code
        targets = compiler.targets
        entries = compiler.entries
        depths = compiler.depths
    }

    private struct Compiler {
        let plan: DatumPlan
        var code: [Instruction] = []
        var targets: [Int32] = []
        var entries: [Int32] = []
        var depths: [Int32] = []
        var markField: Int?
        var itemPrograms: [Int: Int] = [:]
        var recordPrograms: [Int: Int] = [:]
        var inlining: Set<Int> = []

        init(plan: DatumPlan) { self.plan = plan }

        /// Compiles `node` as a subprogram of its own and returns its number.
        mutating func subprogram(_ node: Int, asRecordBody: Bool) -> Int {
            let id = entries.count
            entries.append(0)
            depths.append(0)
            if asRecordBody { recordPrograms[node] = id } else { itemPrograms[node] = id }
            var body = Body()
            emit(node, depth: 0, into: &body, top: true, marks: id == 0)
            body.code.append(Instruction(op: .ret))
            // Lay the body out at the end of the code, moving its jumps and branch targets with it.
            let base = Int32(code.count), targetBase = Int32(targets.count)
            for var instruction in body.code {
                switch instruction.op {
                case .jump: instruction.a += base
                case .union: instruction.a += targetBase
                default: break
                }
                code.append(instruction)
            }
            targets.append(contentsOf: body.targets.map { $0 + base })
            entries[id] = base
            depths[id] = Int32(body.maxDepth)
            return id
        }

        struct Body {
            var code: [Instruction] = []
            var targets: [Int32] = []
            var maxDepth = 0
            /// Where the code may not grow the last instruction (a branch starts after it).
            var sealed = 0

            /// Appends a leaf, or counts it into the previous instruction when that is the same leaf.
            mutating func leaf(_ op: Op, _ a: Int32 = 0) {
                if code.count > sealed, let last = code.last, last.op == op, last.a == a, last.b < Int32.max {
                    code[code.count - 1].b += 1
                } else {
                    code.append(Instruction(op: op, a: a, b: 1))
                }
            }
        }

        /// The fused instruction for a union of null and one string, long or int; nil for other unions.
        func optional(_ union: DatumPlan.Op) -> (op: Op, nullIndex: Int32)? {
            guard union.b == 2 else { return nil }
            let first = plan.ops[Int(plan.children[Int(union.a)])].kind
            let second = plan.ops[Int(plan.children[Int(union.a) + 1])].kind
            let (nullIndex, other): (Int32, DatumPlan.Kind) = first == .null ? (0, second) : (1, first)
            guard (nullIndex == 0 ? first : second) == .null else { return nil }
            switch other {
            case .string: return (.optionalString, nullIndex)
            case .long: return (.optionalLong, nullIndex)
            case .int: return (.optionalInt, nullIndex)
            default: return nil
            }
        }

        mutating func emit(_ node: Int, depth: Int, into body: inout Body, top: Bool = false, marks: Bool = false) {
            let op = plan.ops[node]
            switch op.kind {
            case .null: break
            case .boolean: body.leaf(.boolean)
            case .int: body.leaf(.int)
            case .long: body.leaf(.long)
            case .float: body.leaf(.float)
            case .double: body.leaf(.double)
            case .string: body.leaf(.string)
            case .bytes: body.leaf(.bytes)
            case .fixed: body.leaf(.fixed, op.a)
            case .enumeration: body.leaf(.enumeration, op.b)
            case .record:
                let recurs = inlining.contains(node)
                if !top && (recurs || code.count + body.code.count > CheckProgram.inlineBudget) {
                    let id = recordPrograms[node] ?? subprogram(node, asRecordBody: true)
                    body.code.append(Instruction(op: .call, a: Int32(id), c: Int32(depth)))
                    return
                }
                inlining.insert(node)
                defer { inlining.remove(node) }
                body.maxDepth = max(body.maxDepth, depth + 1)
                let start = Int(op.a)
                for index in start..<start + Int(op.b) {
                    if marks, let markField, index - start == markField { body.code.append(Instruction(op: .mark)) }
                    emit(Int(plan.children[index]), depth: depth + 1, into: &body)
                }
            case .union:
                body.maxDepth = max(body.maxDepth, depth + 1)
                if let optional = optional(op) {
                    body.leaf(optional.op, optional.nullIndex)
                    return
                }
                let first = body.targets.count
                body.targets.append(contentsOf: repeatElement(0, count: Int(op.b)))
                body.code.append(Instruction(op: .union, a: Int32(first), b: op.b))
                var exits: [Int] = []
                for branch in 0..<Int(op.b) {
                    body.targets[first + branch] = Int32(body.code.count)
                    body.sealed = body.code.count
                    emit(Int(plan.children[Int(op.a) + branch]), depth: depth + 1, into: &body)
                    exits.append(body.code.count)
                    body.code.append(Instruction(op: .jump))
                }
                let end = Int32(body.code.count)
                for exit in exits { body.code[exit].a = end }
                body.sealed = body.code.count
            case .array, .map:
                body.maxDepth = max(body.maxDepth, depth + 1)
                let item = Int(op.a)
                let id = itemPrograms[item] ?? subprogram(item, asRecordBody: false)
                let minSize = plan.ops[item].minSize + (op.kind == .map ? 1 : 0)
                body.code.append(Instruction(op: op.kind == .map ? .map : .array, a: Int32(id), b: minSize, c: Int32(depth + 1)))
            }
        }
    }
}
