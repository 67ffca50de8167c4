/// Reader/writer compatibility, as Apache Avro's Java `SchemaCompatibility` decides it (the algorithm Confluent's
/// registry runs): every incompatibility is reported, in Java's order, with Java's locations and messages.
public enum AvroCompatibility {
    /// Checks whether `reader` can read all data written with `writer`.
    /// `roles` only words the explanations and hints ("new"/"old" under a registry mode).
    public static func check(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles = .readerWriter) -> CompatibilityResult {
        var traversal = CompatibilityTraversal(reader: reader, writer: writer, roles: roles)
        return CompatibilityResult(incompatibilities: traversal.checkFromRoot(reader.root, writer.root))
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

/// The walk over a reader/writer pair. Results are memoised per (reader node, writer node); a pair met again while
/// its own check is running counts as compatible, which is how recursive types terminate.
struct CompatibilityTraversal {
    let reader: AvroSchema
    let writer: AvroSchema
    let roles: CompatibilityRoles

    enum MemoEntry {
        case inProgress
        case done([Incompatibility])
    }

    var memo: [UInt64: MemoEntry] = [:]
    /// The reader field whose type is being checked, for explanations and hints only.
    var currentField: String?
    /// Set while checking Java's enum-default quirk (a missing enum field checked against the writer record).
    var quirkField: String?

    init(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles) {
        self.reader = reader
        self.writer = writer
        self.roles = roles
    }

    /// A check with a fresh location stack, as Java starts for the root and for every union-branch sub-check.
    mutating func checkFromRoot(_ r: AvroNode.ID, _ w: AvroNode.ID) -> [Incompatibility] {
        var path: [LocationToken] = []
        return check(r, w, token: .root, path: &path)
    }

    mutating func check(_ r: AvroNode.ID, _ w: AvroNode.ID, token: LocationToken, path: inout [LocationToken]) -> [Incompatibility] {
        path.append(token)
        defer { path.removeLast() }
        let key = UInt64(UInt32(truncatingIfNeeded: r)) << 32 | UInt64(UInt32(truncatingIfNeeded: w))
        if let entry = memo[key] {
            switch entry {
            case .inProgress: return []
            case .done(let found): return found
            }
        }
        memo[key] = .inProgress
        let found = calculate(r, w, path: &path)
        memo[key] = .done(found)
        return found
    }

    mutating func calculate(_ r: AvroNode.ID, _ w: AvroNode.ID, path: inout [LocationToken]) -> [Incompatibility] {
        let readerType = reader[r].type
        let writerType = writer[w].type
        switch (readerType, writerType) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
             (.bytes, .bytes), (.string, .string):
            return []
        case (.array(let ri), .array(let wi)):
            return check(ri, wi, token: .items, path: &path)
        case (.map(let rv), .map(let wv)):
            return check(rv, wv, token: .values, path: &path)
        case (.fixed(let rf), .fixed(let wf)):
            return checkName(r, w, path: &path) + checkSize(rf, wf, r, w, path: &path)
        case (.enumeration(let re), .enumeration(let we)):
            return checkName(r, w, path: &path) + checkSymbols(re, we, r, w, path: &path)
        case (.record(let rr), .record(let wr)):
            return checkName(r, w, path: &path) + checkFields(rr, wr, r, w, path: &path)
        case (.union, .union(let writerBranches)):
            var found: [Incompatibility] = []
            for (j, branch) in writerBranches.enumerated() {
                path.append(.index(j))
                // Java checks each writer branch against the whole reader union from a fresh location stack
                // and keeps only the missing-branch entry.
                if !checkFromRoot(r, branch).isEmpty {
                    found.append(missingBranch(r, w, lacking: branch, path: path))
                }
                path.removeLast()
            }
            return found
        case (_, .union(let writerBranches)):
            var found: [Incompatibility] = []
            for (j, branch) in writerBranches.enumerated() {
                found += check(r, branch, token: .index(j), path: &path)
            }
            return found
        case (.union(let readerBranches), _):
            for branch in readerBranches where checkFromRoot(branch, w).isEmpty {
                return []
            }
            return [missingBranch(r, w, lacking: w, path: path)]
        default:
            if SchemaMatching.isPromotion(writer: writerType, reader: readerType) { return [] }
            return [typeMismatch(r, w, path: path)]
        }
    }

    // MARK: Named types

    mutating func checkName(_ r: AvroNode.ID, _ w: AvroNode.ID, path: inout [LocationToken]) -> [Incompatibility] {
        let readerType = reader[r].type, writerType = writer[w].type
        guard let readerName = readerType.name, let writerName = writerType.name,
              !SchemaMatching.namesMatch(reader: readerType, writer: writerType) else { return [] }
        path.append(.name)
        defer { path.removeLast() }
        return [Incompatibility(
            type: .nameMismatch, location: Self.pointer(path), message: "expected: \(writerName.fullName)",
            readerNode: r, writerNode: w,
            explanation: "The \(roles.reader) \(readerType.specName) is named `\(readerName.fullName)`, but \(roles.writer) data was written as `\(writerName.fullName)`.",
            hint: roles.editsReader
                ? "add the \(roles.writer) name `\(writerName.fullName)` as an alias of `\(readerName.fullName)`, or keep the name"
                : "keep the name `\(readerName.fullName)`; \(roles.reader) readers know no alias for `\(writerName.fullName)`")]
    }

    func checkSize(_ rf: AvroFixed, _ wf: AvroFixed, _ r: AvroNode.ID, _ w: AvroNode.ID, path: inout [LocationToken]) -> [Incompatibility] {
        guard rf.size != wf.size else { return [] }
        path.append(.size)
        defer { path.removeLast() }
        return [Incompatibility(
            type: .fixedSizeMismatch, location: Self.pointer(path), message: "expected: \(wf.size), found: \(rf.size)",
            readerNode: r, writerNode: w,
            explanation: "The fixed `\(rf.name.fullName)` holds \(rf.size) bytes in the \(roles.reader) schema but \(wf.size) in the \(roles.writer) schema.",
            hint: "keep the size \(roles.editsReader ? wf.size : rf.size); a different size needs a new fixed type")]
    }

    func checkSymbols(_ re: AvroEnum, _ we: AvroEnum, _ r: AvroNode.ID, _ w: AvroNode.ID, path: inout [LocationToken]) -> [Incompatibility] {
        let readerSymbols = Set(re.symbols)
        // Java collects them in a TreeSet: sorted by UTF-16 code units, duplicates dropped.
        let missing = Set(we.symbols.filter { !readerSymbols.contains($0) }).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        if missing.isEmpty || SchemaMatching.hasUsableEnumDefault(re) { return [] }
        path.append(.symbols)
        defer { path.removeLast() }
        let list = missing.joined(separator: ", ")
        let quoted = missing.map { "`\($0)`" }.joined(separator: ", ")
        return [Incompatibility(
            type: .missingEnumSymbols, location: Self.pointer(path), message: "[\(list)]",
            readerNode: r, writerNode: w,
            explanation: "The \(roles.writer) enum `\(we.name.fullName)` has \(missing.count == 1 ? "symbol" : "symbols") \(quoted) that the \(roles.reader) enum lacks, and the \(roles.reader) enum has no default symbol.",
            hint: roles.editsReader
                ? "add an enum default to `\(re.name.fullName)` or keep \(missing.count == 1 ? "symbol" : "symbols") \(list)"
                : "do not add \(missing.count == 1 ? "symbol" : "symbols") \(list) until the \(roles.reader) enum `\(re.name.fullName)` has an enum default")]
    }

    mutating func checkFields(_ rr: AvroRecord, _ wr: AvroRecord, _ r: AvroNode.ID, _ w: AvroNode.ID, path: inout [LocationToken]) -> [Incompatibility] {
        var found: [Incompatibility] = []
        path.append(.fields)
        defer { path.removeLast() }
        for (i, field) in rr.fields.enumerated() {
            path.append(.index(i))
            defer { path.removeLast() }
            switch SchemaMatching.writerField(for: field, in: wr) {
            case .field(let j):
                let saved = currentField
                currentField = field.name
                found += check(field.type, wr.fields[j].type, token: .type, path: &path)
                currentField = saved
            case .none:
                guard field.defaultValue == nil else { continue }
                if case .enumeration(let fieldEnum) = reader[field.type].type, fieldEnum.defaultSymbol != nil {
                    // Java's quirk: the enum is checked against the writer record itself, which always mismatches.
                    let saved = (currentField, quirkField)
                    (currentField, quirkField) = (field.name, field.name)
                    found += check(field.type, w, token: .type, path: &path)
                    (currentField, quirkField) = saved
                } else {
                    found.append(Incompatibility(
                        type: .readerFieldMissingDefaultValue, location: Self.pointer(path), message: field.name,
                        readerNode: r, writerNode: w, readerFieldIndex: i,
                        explanation: "Field `\(field.name)` of the \(roles.reader) record `\(rr.name.fullName)` has no default, and \(roles.writer) data has no such field to read it from.",
                        hint: roles.editsReader
                            ? "add a default to field `\(field.name)`"
                            : "keep field `\(field.name)` in the \(roles.writer) schema; the \(roles.reader) schema has no default for it"))
                }
            case .ambiguous(let indices):
                let names = indices.map { "`\(wr.fields[$0].name)`" }.joined(separator: ", ")
                found.append(Incompatibility(
                    type: .readerFieldMatchesMultipleWriterFields, location: Self.pointer(path),
                    message: "Reader record field \(field.name) matches multiple fields in writer record schema \(wr.name.fullName)",
                    readerNode: r, writerNode: w, readerFieldIndex: i,
                    explanation: "Field `\(field.name)` of the \(roles.reader) record matches \(names) in the \(roles.writer) record through its name and aliases, so resolution is ambiguous.",
                    hint: roles.editsReader
                        ? "remove aliases of `\(field.name)` so that it names exactly one \(roles.writer) field"
                        : "rename \(names) so that only one of them matches `\(field.name)` or its aliases"))
            }
        }
        return found
    }

    // MARK: Mismatches

    func typeMismatch(_ r: AvroNode.ID, _ w: AvroNode.ID, path: [LocationToken]) -> Incompatibility {
        let readerType = reader[r].type, writerType = writer[w].type
        let inField = currentField.map { " in field `\($0)`" } ?? ""
        let hint: String
        if let quirkField {
            hint = roles.editsReader
                ? "add a default to field `\(quirkField)`; its enum default does not help when the \(roles.writer) record has no such field"
                : "keep field `\(quirkField)` in the \(roles.writer) schema; the \(roles.reader) schema has no field default for it"
        } else if roles.editsReader {
            if case .null = writerType {
                hint = "make the \(roles.reader) type a union that includes \"null\""
            } else {
                let targets = Self.promotionTargets(of: writerType)
                hint = "keep the type \(Self.describe(writerType))"
                    + (targets.isEmpty ? "" : " or change it to a type it promotes to (\(targets.joined(separator: ", ")))")
            }
        } else {
            let sources = Self.promotionSources(of: readerType)
            hint = "keep the type \(Self.describe(readerType))"
                + (sources.isEmpty ? "" : " or change it to a type that promotes to it (\(sources.joined(separator: ", ")))")
                + ("; \(roles.reader) readers cannot read \(Self.describe(writerType))")
        }
        return Incompatibility(
            type: .typeMismatch, location: Self.pointer(path),
            message: "reader type: \(readerType.javaName) not compatible with writer type: \(writerType.javaName)",
            readerNode: r, writerNode: w,
            explanation: "The \(roles.reader) schema expects \(Self.describe(readerType))\(inField) where \(roles.writer) data has \(Self.describe(writerType)).",
            hint: hint)
    }

    func missingBranch(_ r: AvroNode.ID, _ w: AvroNode.ID, lacking branch: AvroNode.ID, path: [LocationToken]) -> Incompatibility {
        let branchType = writer[branch].type
        let inField = currentField.map { " of field `\($0)`" } ?? ""
        return Incompatibility(
            type: .missingUnionBranch, location: Self.pointer(path),
            message: "reader union lacking writer type: \(branchType.javaName)",
            readerNode: r, writerNode: w,
            explanation: "\(roles.writer.prefix(1).uppercased() + roles.writer.dropFirst()) data can hold \(Self.describe(branchType)) here, and the \(roles.reader) union\(inField) has no branch that reads it.",
            hint: roles.editsReader
                ? "add \(Self.describe(branchType)) to the \(roles.reader) union\(inField)"
                : "do not write \(Self.describe(branchType)) here; the \(roles.reader) union\(inField) has no branch for it")
    }

    // MARK: Text

    /// Java's `getLocation`: the root token dropped, the rest joined with `/` behind a leading `/`.
    static func pointer(_ path: [LocationToken]) -> String {
        "/" + path.dropFirst().map(\.text).joined(separator: "/")
    }

    static func describe(_ type: AvroType) -> String {
        if let name = type.name { return "\(type.specName) `\(name.fullName)`" }
        return "`\(type.specName)`"
    }

    /// The writer types a reader type accepts besides its own.
    static func promotionSources(of reader: AvroType) -> [String] {
        switch reader {
        case .long: ["int"]
        case .float: ["int", "long"]
        case .double: ["int", "long", "float"]
        case .string: ["bytes"]
        case .bytes: ["string"]
        default: []
        }
    }

    static func promotionTargets(of writer: AvroType) -> [String] {
        switch writer {
        case .int: ["long", "float", "double"]
        case .long: ["float", "double"]
        case .float: ["double"]
        case .string: ["bytes"]
        case .bytes: ["string"]
        default: []
        }
    }
}
