/// Reader/writer compatibility, as Apache Avro's Java `SchemaCompatibility` decides it (the algorithm Confluent's
/// registry runs): every incompatibility is reported, in Java's order, with Java's locations and messages.
public enum AvroCompatibility {
    /// Checks whether `reader` can read all data written with `writer`.
    /// `roles` only words the explanations and hints ("new"/"old" under a registry mode).
    public static func check(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles = .readerWriter) -> CompatibilityResult {
        var traversal = CompatibilityTraversal(reader: reader, writer: writer, roles: roles)
        return CompatibilityResult(incompatibilities: traversal.run(reader.root, writer.root))
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
    /// The nodes, read in place during `run` (copying node payloads dominated the walk's cost).
    var readerNodes: UnsafeBufferPointer<AvroNode> = UnsafeBufferPointer(start: nil, count: 0)
    var writerNodes: UnsafeBufferPointer<AvroNode> = UnsafeBufferPointer(start: nil, count: 0)

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
    mutating func run(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [Incompatibility] {
        guard reader.nodes.indices.contains(r), writer.nodes.indices.contains(w) else { return [] }
        let found = reader.nodes.withUnsafeBufferPointer { readerBuffer in
            writer.nodes.withUnsafeBufferPointer { writerBuffer in
                readerNodes = readerBuffer
                writerNodes = writerBuffer
                defer {
                    readerNodes = UnsafeBufferPointer(start: nil, count: 0)
                    writerNodes = UnsafeBufferPointer(start: nil, count: 0)
                }
                return checkFromRoot(r, w)
            }
        }
        return found.map(render)
    }

    /// A check with a fresh location stack, as Java starts for the root and for every union-branch sub-check.
    mutating func checkFromRoot(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [RawFinding] {
        let savedStart = rootStart
        rootStart = path.count
        defer { rootStart = savedStart }
        return check(r, w, token: .root)
    }

    mutating func check(_ r: AvroNode.ID, _ w: AvroNode.ID, token: LocationToken) -> [RawFinding] {
        // Only a pair with a named type on either side can be reached twice: every other node has exactly one
        // parent, so its pairs are reached once, through their parents' pair. Memoising just the named pairs gives
        // Java's results (its identity memo never hits the others in a parsed schema) at a fraction of the cost.
        // Deep below, every pair is memoised, so even an arena with an unnamed cycle terminates.
        let memoised = path.count > 64 || readerNodes[r].type.kindTag &- 8 < 3 || writerNodes[w].type.kindTag &- 8 < 3
        guard memoised else {
            path.append(token)
            defer { path.removeLast() }
            return calculate(r, w)
        }
        let key = CompatibilityPairMemo.key(r, w)
        switch memo.state(key) {
        case .inProgress?, .compatible?: return []
        case .findings(let index)?: return stored[index]
        case nil: break
        }
        path.append(token)
        defer { path.removeLast() }
        memo.set(key, .inProgress)
        let found = calculate(r, w)
        if found.isEmpty {
            memo.set(key, .compatible)
        } else {
            memo.set(key, .findings(stored.count))
            stored.append(found)
        }
        return found
    }

    /// A finding at the current location.
    func finding(_ type: IncompatibilityType, _ r: AvroNode.ID, _ w: AvroNode.ID, fieldIndex: Int? = nil, branch: AvroNode.ID? = nil) -> RawFinding {
        RawFinding(
            type: type, path: Array(path[(rootStart + 1)...]), reader: r, writer: w, fieldIndex: fieldIndex, branch: branch,
            field: currentField, quirk: inQuirk)
    }

    /// A finding with `token` pushed for its location.
    mutating func finding(at token: LocationToken, _ type: IncompatibilityType, _ r: AvroNode.ID, _ w: AvroNode.ID) -> RawFinding {
        path.append(token)
        defer { path.removeLast() }
        return finding(type, r, w)
    }

    mutating func calculate(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [RawFinding] {
        let readerKind = readerNodes[r].type.kindTag, writerKind = writerNodes[w].type.kindTag
        if readerKind == writerKind {
            switch readerKind {
            case 11:
                guard case .array(let ri) = readerNodes[r].type, case .array(let wi) = writerNodes[w].type else { return [] }
                return check(ri, wi, token: .items)
            case 12:
                guard case .map(let rv) = readerNodes[r].type, case .map(let wv) = writerNodes[w].type else { return [] }
                return check(rv, wv, token: .values)
            case 10:
                var found = checkName(r, w)
                if readerNodes[r].type.fixedSize != writerNodes[w].type.fixedSize {
                    found.append(finding(at: .size, .fixedSizeMismatch, r, w))
                }
                return found
            case 9:
                var found = checkName(r, w)
                if lacksSymbols(r, w) { found.append(finding(at: .symbols, .missingEnumSymbols, r, w)) }
                return found
            case 8:
                let found = checkName(r, w)
                return found.isEmpty ? checkFields(r, w) : found + checkFields(r, w)
            case 13:
                guard let writerBranches = writerNodes[w].type.unionBranches else { return [] }
                var found: [RawFinding] = []
                for (j, branch) in writerBranches.enumerated() {
                    path.append(.index(j))
                    // Java checks each writer branch against the whole reader union from a fresh location stack
                    // and keeps only the missing-branch entry.
                    if !checkFromRoot(r, branch).isEmpty {
                        found.append(finding(.missingUnionBranch, r, w, branch: branch))
                    }
                    path.removeLast()
                }
                return found
            default:
                return []
            }
        }
        if writerKind == 13 {
            guard let writerBranches = writerNodes[w].type.unionBranches else { return [] }
            var found: [RawFinding] = []
            for (j, branch) in writerBranches.enumerated() {
                let sub = check(r, branch, token: .index(j))
                if !sub.isEmpty { found += sub }
            }
            return found
        }
        if readerKind == 13 {
            guard let readerBranches = readerNodes[r].type.unionBranches else { return [] }
            for branch in readerBranches {
                // Unnamed branches of another kind only ever yield a type mismatch nobody keeps (such pairs are
                // not memoised), so the sub-check is skipped for them.
                let branchKind = readerNodes[branch].type.kindTag
                if branchKind != writerKind, branchKind < 8 || branchKind > 10, writerKind < 8 || writerKind > 10,
                   branchKind != 13, path.count < 64, !Self.promotes(writer: writerKind, reader: branchKind) {
                    continue
                }
                if checkFromRoot(branch, w).isEmpty { return [] }
            }
            return [finding(.missingUnionBranch, r, w, branch: w)]
        }
        if Self.promotes(writer: writerKind, reader: readerKind) { return [] }
        return [finding(.typeMismatch, r, w)]
    }

    /// `SchemaMatching.isPromotion` on kind tags.
    static func promotes(writer: UInt8, reader: UInt8) -> Bool {
        switch (writer, reader) {
        case (2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (4, 5), (7, 6), (6, 7): true
        default: false
        }
    }

    mutating func checkName(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [RawFinding] {
        // Equal short names are the common case; only otherwise are the aliases consulted.
        if readerNodes[r].type.shortName == writerNodes[w].type.shortName { return [] }
        if SchemaMatching.namesMatch(reader: readerNodes[r].type, writer: writerNodes[w].type) { return [] }
        return [finding(at: .name, .nameMismatch, r, w)]
    }

    /// Whether the writer enum has symbols the reader lacks and the reader has no usable enum default.
    func lacksSymbols(_ r: AvroNode.ID, _ w: AvroNode.ID) -> Bool {
        guard case .enumeration(let re) = readerNodes[r].type, case .enumeration(let we) = writerNodes[w].type else { return false }
        if re.symbols == we.symbols { return false }
        return we.symbols.contains { !re.symbols.contains($0) } && !SchemaMatching.hasUsableEnumDefault(re)
    }

    /// Writer symbols the reader lacks, sorted as Java's TreeSet sorts them (UTF-16 code units, no duplicates); nil when none.
    static func missingSymbols(reader: AvroEnum, writer: AvroEnum) -> [String]? {
        let missing = writer.symbols.filter { !reader.symbols.contains($0) }
        if missing.isEmpty { return nil }
        return Set(missing).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    mutating func checkFields(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [RawFinding] {
        guard let readerFields = readerNodes[r].type.recordFields, let writerFields = writerNodes[w].type.recordFields else { return [] }
        var found: [RawFinding] = []
        path.append(.fields)
        defer { path.removeLast() }
        for i in readerFields.indices {
            path.append(.index(i))
            defer { path.removeLast() }
            switch SchemaMatching.writerField(readerFields: readerFields, index: i, writerFields: writerFields) {
            case .field(let j):
                // The same primitive on both sides is always compatible.
                let readerKind = readerNodes[readerFields[i].type].type.kindTag
                if readerKind < 8, readerKind == writerNodes[writerFields[j].type].type.kindTag { continue }
                let saved = currentField
                currentField = FieldRef(record: r, index: i)
                let sub = check(readerFields[i].type, writerFields[j].type, token: .type)
                if !sub.isEmpty { found += sub }
                currentField = saved
            case .none:
                guard readerFields[i].defaultValue == nil else { continue }
                let fieldType = readerFields[i].type
                if case .enumeration(let fieldEnum) = readerNodes[fieldType].type, fieldEnum.defaultSymbol != nil {
                    // Java's quirk: the enum is checked against the writer record itself, which always mismatches.
                    let saved = (currentField, inQuirk)
                    (currentField, inQuirk) = (FieldRef(record: r, index: i), true)
                    found += check(fieldType, w, token: .type)
                    (currentField, inQuirk) = saved
                } else {
                    found.append(finding(.readerFieldMissingDefaultValue, r, w, fieldIndex: i))
                }
            case .ambiguous:
                found.append(finding(.readerFieldMatchesMultipleWriterFields, r, w, fieldIndex: i))
            }
        }
        return found
    }

    // MARK: Rendering

    /// The finding with Java's message and location; explanation and hint are worded on demand from its facts.
    func render(_ raw: RawFinding) -> Incompatibility {
        let r = raw.reader, w = raw.writer
        let fieldName = raw.field.flatMap { ref in reader.nodes[ref.record].type.recordFields.map { $0[ref.index].name } }
        let readerType = reader.nodes[r].type, writerType = writer.nodes[w].type
        let branchType = raw.branch.map { writer.nodes[$0].type }
        let facts = IncompatibilityFacts(
            roles: roles, readerType: readerType, writerType: writerType, branchType: branchType, fieldName: fieldName,
            fieldIndex: raw.fieldIndex, quirk: raw.quirk)
        return Incompatibility(
            type: raw.type, location: "/" + raw.path.map(\.text).joined(separator: "/"), message: facts.message(for: raw.type),
            readerNode: r, writerNode: w, readerFieldIndex: raw.fieldIndex, facts: facts)
    }
}
