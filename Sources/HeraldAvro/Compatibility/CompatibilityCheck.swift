/// Reader/writer compatibility, as Apache Avro's Java `SchemaCompatibility` decides it (the algorithm Confluent's
/// registry runs): every incompatibility is reported, in Java's order, with Java's locations and messages.
public enum AvroCompatibility {
    /// Checks whether `reader` can read all data written with `writer`.
    /// `roles` only words the explanations and hints ("new"/"old" under a registry mode).
    public static func check(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles = .readerWriter) -> CompatibilityResult {
        check(reader: CompatibilitySchema(reader), writer: CompatibilitySchema(writer), roles: roles)
    }

    /// `check` on schemas laid out once beforehand, for schemas checked many times.
    public static func check(reader: CompatibilitySchema, writer: CompatibilitySchema, roles: CompatibilityRoles = .readerWriter) -> CompatibilityResult {
        var traversal = CompatibilityTraversal(reader: reader.schema, writer: writer.schema, roles: roles)
        return CompatibilityResult(incompatibilities: traversal.run(reader, writer))
    }
}

/// One step of a location: Java pushes these tokens on the way down and prints them as a JSON pointer.
enum LocationToken {
    case root
    case fields
    case type
    case items
    case values
    case symbols
    case name
    case size
    case index(Int)

    var text: String {
        switch self {
        case .root: ""
        case .fields: "fields"
        case .type: "type"
        case .items: "items"
        case .values: "values"
        case .symbols: "symbols"
        case .name: "name"
        case .size: "size"
        case .index(let i): String(i)
        }
    }
}

/// A reader field: its record node and index.
struct FieldRef {
    var record: AvroNode.ID
    var index: Int
}

/// A finding as the walk records it: cheap to make, since union sub-checks throw most of them away.
/// Text (message, location, explanation, hint) is made only for the findings that are returned.
struct RawFinding {
    var type: IncompatibilityType
    /// Location tokens after the root token.
    var path: [LocationToken]
    var reader: AvroNode.ID
    var writer: AvroNode.ID
    /// The reader field concerned (missing default, several matches) by index in the reader record.
    var fieldIndex: Int?
    /// The writer branch no reader branch reads (missing union branch).
    var branch: AvroNode.ID?
    /// The reader field whose type was being checked (reader record node, field index), for explanations.
    var field: FieldRef?
    /// Java's enum-default quirk produced this mismatch.
    var quirk: Bool = false
}

/// The walk over a reader/writer pair. Results are memoised per (reader node, writer node); a pair met again while
/// its own check is running counts as compatible, which is how recursive types terminate.
struct CompatibilityTraversal {
    let reader: AvroSchema
    let writer: AvroSchema
    let roles: CompatibilityRoles
    /// The prepared layouts, read in place during `run`.
    var r = Layout()
    var w = Layout()

    /// Unsafe views of one `CompatibilitySchema`, valid while `run` holds the arrays.
    struct Layout {
        var nodes = UnsafeBufferPointer<CompatibilitySchema.Node>(start: nil, count: 0)
        var branches = UnsafeBufferPointer<Int32>(start: nil, count: 0)
        var fields = UnsafeBufferPointer<CompatibilitySchema.Field>(start: nil, count: 0)
        var names = UnsafeBufferPointer<String>(start: nil, count: 0)
        var symbols = UnsafeBufferPointer<String>(start: nil, count: 0)
        var arena = UnsafeBufferPointer<AvroNode>(start: nil, count: 0)

        func kind(_ id: AvroNode.ID) -> UInt8 { nodes[id].kind }
        func branchIDs(_ id: AvroNode.ID) -> UnsafeBufferPointer<Int32>.SubSequence {
            let node = nodes[id]
            return branches[Int(node.a)..<Int(node.a + node.b)]
        }
        func fieldRange(_ id: AvroNode.ID) -> Range<Int> {
            let node = nodes[id]
            return Int(node.a)..<Int(node.a + node.b)
        }
    }

    var memo = CompatibilityPairMemo()
    /// Finding lists of finished pairs, indexed from the memo.
    var stored: [[RawFinding]] = []
    /// One location stack; a "fresh" stack (union sub-checks) starts at `rootStart`.
    var path: [LocationToken] = []
    var rootStart = 0
    /// The reader field whose type is being checked, for explanations and hints only.
    var currentField: FieldRef?
    /// Set while checking Java's enum-default quirk (a missing enum field checked against the writer record).
    var inQuirk = false

    init(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles) {
        self.reader = reader
        self.writer = writer
        self.roles = roles
        path.reserveCapacity(32)
    }

    /// Checks the pair and turns the findings into incompatibilities with text.
    mutating func run(_ readerLayout: CompatibilitySchema, _ writerLayout: CompatibilitySchema) -> [Incompatibility] {
        let rootR = reader.root, rootW = writer.root
        // An arena whose IDs point outside it is a bug upstream (the parser never makes one); it is not walked.
        guard readerLayout.isConsistent, writerLayout.isConsistent else { return [] }
        let found = Self.withLayout(readerLayout) { rl in
            Self.withLayout(writerLayout) { wl in
                r = rl
                w = wl
                defer { (r, w) = (Layout(), Layout()) }
                return checkFromRoot(rootR, rootW)
            }
        }
        return found.map(render)
    }

    static func withLayout<T>(_ layout: CompatibilitySchema, _ body: (Layout) -> T) -> T {
        let storage = layout.storage
        return storage.nodes.withUnsafeBufferPointer { nodes in
            storage.branches.withUnsafeBufferPointer { branches in
                storage.fields.withUnsafeBufferPointer { fields in
                    storage.names.withUnsafeBufferPointer { names in
                        storage.symbols.withUnsafeBufferPointer { symbols in
                            layout.schema.nodes.withUnsafeBufferPointer { arena in
                                body(Layout(nodes: nodes, branches: branches, fields: fields, names: names, symbols: symbols, arena: arena))
                            }
                        }
                    }
                }
            }
        }
    }

    /// A check with a fresh location stack, as Java starts for the root and for every union-branch sub-check.
    mutating func checkFromRoot(_ rn: AvroNode.ID, _ wn: AvroNode.ID) -> [RawFinding] {
        let savedStart = rootStart
        rootStart = path.count
        defer { rootStart = savedStart }
        return check(rn, wn, token: .root)
    }

    mutating func check(_ rn: AvroNode.ID, _ wn: AvroNode.ID, token: LocationToken) -> [RawFinding] {
        // Only a pair with a named type on either side can be reached twice: every other node has exactly one
        // parent, so its pairs are reached once, through their parents' pair. Memoising just the named pairs gives
        // Java's results (its identity memo never hits the others in a parsed schema) at a fraction of the cost.
        // Deep below, every pair is memoised, so even an arena with an unnamed cycle terminates.
        let memoised = path.count > 64 || r.kind(rn) &- 8 < 3 || w.kind(wn) &- 8 < 3
        guard memoised else {
            path.append(token)
            defer { path.removeLast() }
            return calculate(rn, wn)
        }
        let key = CompatibilityPairMemo.key(rn, wn)
        switch memo.state(key) {
        case .inProgress?, .compatible?: return []
        case .findings(let index)?: return stored[index]
        case nil: break
        }
        path.append(token)
        defer { path.removeLast() }
        memo.set(key, .inProgress)
        let found = calculate(rn, wn)
        if found.isEmpty {
            memo.set(key, .compatible)
        } else {
            memo.set(key, .findings(stored.count))
            stored.append(found)
        }
        return found
    }

    /// A finding at the current location.
    func finding(_ type: IncompatibilityType, _ rn: AvroNode.ID, _ wn: AvroNode.ID, fieldIndex: Int? = nil, branch: AvroNode.ID? = nil) -> RawFinding {
        RawFinding(
            type: type, path: Array(path[(rootStart + 1)...]), reader: rn, writer: wn, fieldIndex: fieldIndex, branch: branch,
            field: currentField, quirk: inQuirk)
    }

    /// A finding with `token` pushed for its location.
    mutating func finding(at token: LocationToken, _ type: IncompatibilityType, _ rn: AvroNode.ID, _ wn: AvroNode.ID) -> RawFinding {
        path.append(token)
        defer { path.removeLast() }
        return finding(type, rn, wn)
    }

    mutating func calculate(_ rn: AvroNode.ID, _ wn: AvroNode.ID) -> [RawFinding] {
        let readerKind = r.kind(rn), writerKind = w.kind(wn)
        if readerKind == writerKind {
            switch readerKind {
            case 11:
                return check(Int(r.nodes[rn].a), Int(w.nodes[wn].a), token: .items)
            case 12:
                return check(Int(r.nodes[rn].a), Int(w.nodes[wn].a), token: .values)
            case 10:
                var found = checkName(rn, wn)
                if r.nodes[rn].a != w.nodes[wn].a { found.append(finding(at: .size, .fixedSizeMismatch, rn, wn)) }
                return found
            case 9:
                var found = checkName(rn, wn)
                if lacksSymbols(rn, wn) { found.append(finding(at: .symbols, .missingEnumSymbols, rn, wn)) }
                return found
            case 8:
                let found = checkName(rn, wn)
                return found.isEmpty ? checkFields(rn, wn) : found + checkFields(rn, wn)
            case 13:
                var found: [RawFinding] = []
                for (j, branch) in w.branchIDs(wn).enumerated() {
                    path.append(.index(j))
                    // Java checks each writer branch against the whole reader union from a fresh location stack
                    // and keeps only the missing-branch entry.
                    if !checkFromRoot(rn, Int(branch)).isEmpty {
                        found.append(finding(.missingUnionBranch, rn, wn, branch: Int(branch)))
                    }
                    path.removeLast()
                }
                return found
            default:
                return []
            }
        }
        if writerKind == 13 {
            var found: [RawFinding] = []
            for (j, branch) in w.branchIDs(wn).enumerated() {
                let sub = check(rn, Int(branch), token: .index(j))
                if !sub.isEmpty { found += sub }
            }
            return found
        }
        if readerKind == 13 {
            for branch in r.branchIDs(rn) {
                // Unnamed branches of another kind only ever yield a type mismatch nobody keeps (such pairs are
                // not memoised), so the sub-check is skipped for them.
                let branchKind = r.kind(Int(branch))
                if branchKind != writerKind, branchKind < 8 || branchKind > 10, writerKind < 8 || writerKind > 10,
                   branchKind != 13, path.count < 64, !Self.promotes(writer: writerKind, reader: branchKind) {
                    continue
                }
                if checkFromRoot(Int(branch), wn).isEmpty { return [] }
            }
            return [finding(.missingUnionBranch, rn, wn, branch: wn)]
        }
        if Self.promotes(writer: writerKind, reader: readerKind) { return [] }
        return [finding(.typeMismatch, rn, wn)]
    }

    /// `SchemaMatching.isPromotion` on kind tags.
    static func promotes(writer: UInt8, reader: UInt8) -> Bool {
        switch (writer, reader) {
        case (2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (4, 5), (7, 6), (6, 7): true
        default: false
        }
    }

    mutating func checkName(_ rn: AvroNode.ID, _ wn: AvroNode.ID) -> [RawFinding] {
        // Equal short names are the common case; only otherwise are the aliases consulted.
        if r.names[Int(r.nodes[rn].name)] == w.names[Int(w.nodes[wn].name)] { return [] }
        if SchemaMatching.namesMatch(reader: r.arena[rn].type, writer: w.arena[wn].type) { return [] }
        return [finding(at: .name, .nameMismatch, rn, wn)]
    }

    /// Whether the writer enum has symbols the reader lacks and the reader has no usable enum default.
    func lacksSymbols(_ rn: AvroNode.ID, _ wn: AvroNode.ID) -> Bool {
        let readerNode = r.nodes[rn], writerNode = w.nodes[wn]
        if readerNode.usableDefault { return false }
        let readerSymbols = r.symbols[Int(readerNode.a)..<Int(readerNode.a + readerNode.b)]
        let writerSymbols = w.symbols[Int(writerNode.a)..<Int(writerNode.a + writerNode.b)]
        if readerSymbols.elementsEqual(writerSymbols) { return false }
        return writerSymbols.contains { !readerSymbols.contains($0) }
    }

    /// Writer symbols the reader lacks, sorted as Java's TreeSet sorts them (UTF-16 code units, no duplicates); nil when none.
    static func missingSymbols(reader: AvroEnum, writer: AvroEnum) -> [String]? {
        let missing = writer.symbols.filter { !reader.symbols.contains($0) }
        if missing.isEmpty { return nil }
        return Set(missing).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    /// The writer field for reader field `i` (an index into `r.fields`), as `SchemaMatching.writerField` finds it.
    func writerField(_ i: Int, readerRecord rn: AvroNode.ID, position: Int, writerRecord wn: AvroNode.ID) -> SchemaMatching.WriterFieldMatch {
        let writerRange = w.fieldRange(wn)
        if !r.fields[i].hasAliases {
            // Field names are unique within a record: a name match at the same position is the match.
            if position < writerRange.count, w.fields[writerRange.lowerBound + position].name == r.fields[i].name {
                return .field(position)
            }
            for j in writerRange where w.fields[j].name == r.fields[i].name { return .field(j - writerRange.lowerBound) }
            return .none
        }
        guard let readerFields = r.arena[rn].type.recordFields, let writerFields = w.arena[wn].type.recordFields,
              readerFields.indices.contains(position) else { return .none }
        return SchemaMatching.writerField(named: readerFields[position].name, aliases: readerFields[position].aliases, in: writerFields)
    }

    mutating func checkFields(_ rn: AvroNode.ID, _ wn: AvroNode.ID) -> [RawFinding] {
        let readerRange = r.fieldRange(rn), writerStart = w.fieldRange(wn).lowerBound
        var found: [RawFinding] = []
        path.append(.fields)
        defer { path.removeLast() }
        for (position, i) in readerRange.enumerated() {
            path.append(.index(position))
            defer { path.removeLast() }
            switch writerField(i, readerRecord: rn, position: position, writerRecord: wn) {
            case .field(let j):
                let readerField = r.fields[i], writerField = w.fields[writerStart + j]
                // The same primitive on both sides is always compatible.
                if readerField.kind < 8, readerField.kind == writerField.kind { continue }
                let readerType = Int(readerField.type), writerType = Int(writerField.type)
                let saved = currentField
                currentField = FieldRef(record: rn, index: position)
                let sub = check(readerType, writerType, token: .type)
                if !sub.isEmpty { found += sub }
                currentField = saved
            case .none:
                guard !r.fields[i].hasDefault else { continue }
                let fieldType = Int(r.fields[i].type)
                if case .enumeration(let fieldEnum) = r.arena[fieldType].type, fieldEnum.defaultSymbol != nil {
                    // Java's quirk: the enum is checked against the writer record itself, which always mismatches.
                    let saved = (currentField, inQuirk)
                    (currentField, inQuirk) = (FieldRef(record: rn, index: position), true)
                    found += check(fieldType, wn, token: .type)
                    (currentField, inQuirk) = saved
                } else {
                    found.append(finding(.readerFieldMissingDefaultValue, rn, wn, fieldIndex: position))
                }
            case .ambiguous:
                found.append(finding(.readerFieldMatchesMultipleWriterFields, rn, wn, fieldIndex: position))
            }
        }
        return found
    }

    // MARK: Rendering

    /// Java's location text, `/fields/1/type`, written into one string; `/` for the root.
    static func location(_ path: [LocationToken]) -> String {
        guard !path.isEmpty else { return "/" }
        var text = ""
        text.reserveCapacity(path.count * 8)
        for token in path {
            text.append("/")
            text.append(token.text)
        }
        return text
    }

    /// The finding with Java's message and location; explanation and hint are worded on demand from its facts.
    func render(_ raw: RawFinding) -> Incompatibility {
        let r = raw.reader, w = raw.writer
        let facts = IncompatibilityFacts(
            roles: roles, reader: reader, writer: writer, readerNode: r, writerNode: w, branchNode: raw.branch, field: raw.field,
            fieldIndex: raw.fieldIndex, quirk: raw.quirk)
        return Incompatibility(
            type: raw.type, location: Self.location(raw.path),
            readerNode: r, writerNode: w, readerFieldIndex: raw.fieldIndex, facts: facts)
    }
}
