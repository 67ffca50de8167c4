/// How to turn data written with one schema into values of another, worked out once per schema pair.
///
/// Steps form an arena indexed like schema nodes; recursive schemas give cycles of step indexes.
struct ResolutionPlan: Sendable {
    /// One resolution step for one (writer node, reader node) pair.
    enum Step: Sendable {
        /// Same primitive on both sides: decode the writer node as is.
        case same(writer: Int)
        case promote(Promotion)
        /// Writer and reader enums: writer index → reader index, nil where the symbol is unknown and there is no default.
        case enumeration(map: [Int?], readerSymbols: [String], writerName: String)
        case fixed(size: Int)
        /// The item step, and the writer's item node (its minimum size bounds block counts).
        case array(items: Int, writerItems: Int)
        case map(values: Int, writerValues: Int)
        /// Writer fields in writer order, then reader-only fields filled from defaults.
        case record(fields: [FieldAction], readerFieldCount: Int, defaults: [(index: Int, value: AvroValue)])
        /// Writer union: one step per writer branch; nil where the branch cannot be read (an error only if used).
        case writerUnion(branches: [Int?], names: [String])
        /// Reader union, writer not a union: wrap in the chosen reader branch.
        case readerUnion(branch: Int, step: Int)
        /// Placeholder while the step is being built.
        case pending
    }

    enum Promotion: Sendable {
        case intToLong, intToFloat, intToDouble, longToFloat, longToDouble, floatToDouble, stringToBytes, bytesToString
    }

    /// What to do with one writer field.
    enum FieldAction: Sendable {
        case read(readerIndex: Int, step: Int)
        case skip(writerNode: Int)
    }

    var steps: [Step]
    var root: Int

    init(writer: AvroSchema, reader: AvroSchema) throws(AvroResolutionError) {
        var builder = ResolutionPlanBuilder(writer: writer, reader: reader)
        root = try builder.step(writer.root, reader.root, path: [])
        steps = builder.steps
    }
}

/// Builds a `ResolutionPlan`, memoising per (writer node, reader node) pair.
struct ResolutionPlanBuilder {
    let writer: AvroSchema
    let reader: AvroSchema
    var steps: [ResolutionPlan.Step] = []
    var memo: [Int: Int] = [:]
    let readerDefaults: JSONDatumPlan

    init(writer: AvroSchema, reader: AvroSchema) {
        self.writer = writer
        self.reader = reader
        self.readerDefaults = JSONDatumPlan(reader)
    }

    func describe(_ type: AvroType) -> String { type.name.map { "\(type.specName) \($0.fullName)" } ?? type.specName }

    mutating func step(_ w: Int, _ r: Int, path: [DatumPath.Component]) throws(AvroResolutionError) -> Int {
        let key = w &* (reader.nodes.count + 1) &+ r
        if let known = memo[key] { return known }
        let index = steps.count
        steps.append(.pending)
        memo[key] = index
        do throws(AvroResolutionError) {
            steps[index] = try build(w, r, path: path)
        } catch {
            // Roll back everything built for this pair: steps are appended in order, so they all come after `index`.
            steps.removeSubrange(index...)
            memo = memo.filter { $0.value < index }
            throw error
        }
        return index
    }

    mutating func build(_ w: Int, _ r: Int, path: [DatumPath.Component]) throws(AvroResolutionError) -> ResolutionPlan.Step {
        let wType = writer.nodes[w].type, rType = reader.nodes[r].type
        if case .union(let wBranches) = wType {
            var branches: [Int?] = []
            for branch in wBranches {
                // Each writer branch is resolved on its own; a failure only matters if data uses that branch.
                branches.append(try? step(branch, r, path: path))
            }
            return .writerUnion(branches: branches, names: wBranches.map { describe(writer.nodes[$0].type) })
        }
        if case .union(let rBranches) = rType {
            // Like Java's resolver: a branch of the same type wins over an earlier one reached by promotion.
            let exact = rBranches.firstIndex { b in
                let t = reader.nodes[b].type
                return ResolutionMatching.matches(writer: wType, reader: t) && !ResolutionMatching.promotes(writer: wType, reader: t)
            }
            guard let chosen = exact ?? rBranches.firstIndex(where: { ResolutionMatching.matches(writer: wType, reader: reader.nodes[$0].type) }) else {
                throw AvroResolutionError(path: DatumPath.render(path), message: "no branch of the reader's union matches the writer's \(describe(wType))")
            }
            return .readerUnion(branch: chosen, step: try step(w, rBranches[chosen], path: path))
        }
        guard ResolutionMatching.matches(writer: wType, reader: rType) else {
            throw AvroResolutionError(path: DatumPath.render(path), message: "the writer's \(describe(wType)) cannot be read as the reader's \(describe(rType))")
        }
        switch (wType, rType) {
        case (.int, .long): return .promote(.intToLong)
        case (.int, .float): return .promote(.intToFloat)
        case (.int, .double): return .promote(.intToDouble)
        case (.long, .float): return .promote(.longToFloat)
        case (.long, .double): return .promote(.longToDouble)
        case (.float, .double): return .promote(.floatToDouble)
        case (.string, .bytes): return .promote(.stringToBytes)
        case (.bytes, .string): return .promote(.bytesToString)
        case (.fixed(let f), .fixed): return .fixed(size: f.size)
        case (.array(let wi), .array(let ri)): return .array(items: try step(wi, ri, path: path + [.index(0)]), writerItems: wi)
        case (.map(let wv), .map(let rv)): return .map(values: try step(wv, rv, path: path + [.key("*")]), writerValues: wv)
        case (.enumeration(let we), .enumeration(let re)):
            let fallback = re.defaultSymbol.flatMap { re.symbols.firstIndex(of: $0) }
            return .enumeration(map: we.symbols.map { re.symbols.firstIndex(of: $0) ?? fallback }, readerSymbols: re.symbols, writerName: we.name.fullName)
        case (.record(let wr), .record(let rr)):
            // Reader fields find their writer field by name or alias, exactly as the compatibility checker does.
            var readerIndexForWriter = [Int?](repeating: nil, count: wr.fields.count)
            var defaults: [(index: Int, value: AvroValue)] = []
            for (ri, rf) in rr.fields.enumerated() {
                switch SchemaMatching.writerField(for: rf, in: wr) {
                case .field(let wi) where readerIndexForWriter[wi] == nil:
                    readerIndexForWriter[wi] = ri
                case .field(let wi):
                    throw AvroResolutionError(
                        path: DatumPath.render(path + [.field(rf.name)]),
                        message: "reader fields \"\(rr.fields[readerIndexForWriter[wi] ?? 0].name)\" and \"\(rf.name)\" both read the writer's field \"\(wr.fields[wi].name)\"")
                case .ambiguous(let indices):
                    throw AvroResolutionError(
                        path: DatumPath.render(path + [.field(rf.name)]),
                        message: "reader field \"\(rf.name)\" matches several writer fields: " + indices.map { wr.fields[$0].name }.joined(separator: ", "))
                case .none:
                    let start = Int(readerDefaults.plan.ops[r].a)
                    guard let value = readerDefaults.fieldDefaults[start + ri] else {
                        let reason = rf.defaultValue == nil ? "has no default" : "has a default that does not fit its type"
                        throw AvroResolutionError(
                            path: DatumPath.render(path + [.field(rf.name)]),
                            message: "reader field \"\(rf.name)\" of record \(rr.name.fullName) is missing from the writer's \(wr.name.fullName) and \(reason)")
                    }
                    defaults.append((ri, value))
                }
            }
            var actions: [ResolutionPlan.FieldAction] = []
            for (wi, wf) in wr.fields.enumerated() {
                if let ri = readerIndexForWriter[wi] {
                    actions.append(.read(readerIndex: ri, step: try step(wf.type, rr.fields[ri].type, path: path + [.field(rr.fields[ri].name)])))
                } else {
                    actions.append(.skip(writerNode: wf.type))
                }
            }
            return .record(fields: actions, readerFieldCount: rr.fields.count, defaults: defaults)
        default:
            return .same(writer: w)
        }
    }
}
