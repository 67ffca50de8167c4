import HeraldDiagnostics

/// The state of one schema parse: walks the document's token tape depth-first, appending nodes to the arena and
/// collecting diagnostics. Strings are decoded only where a schema keeps them; attribute keys and type names are
/// recognised on the bytes.
struct AvroSchemaBuilder {
    let tape: JSONTape
    let file: String?
    let knownTypes: NamedTypeSet
    let validateDefaults: Bool

    var nodes: [AvroNode] = []
    var namedTypes: [String: AvroNode.ID] = [:]
    var diagnostics: [Diagnostic] = []
    /// Placeholder nodes standing for parts that failed; checks skip them.
    var invalid: Set<AvroNode.ID> = []
    /// Named types defined in this document, in definition order.
    var definitions: [(fullName: String, id: AvroNode.ID)] = []
    var unresolved: [(name: String, candidates: [String], position: TextPosition, pointer: SchemaPointerID)] = []
    /// Field defaults to validate once the schema is complete, with the pointer of their field.
    var defaults: [(fieldName: String, fieldType: AvroNode.ID, node: Int, value: JSONValue, pointer: SchemaPointerID)] = []
    /// The JSON pointers of this document's nodes and fields, written out only for the diagnostics that need one.
    let pointers: SchemaPointerTable

    init(tape: JSONTape, file: String?, knownTypes: NamedTypeSet, validateDefaults: Bool) {
        self.tape = tape
        self.file = file
        self.knownTypes = knownTypes
        self.validateDefaults = validateDefaults
        // A pointer step per node and field, and one per `fields` array: about one per three tokens; one per two
        // leaves room without growing.
        pointers = SchemaPointerTable(capacity: tape.tokens.count / 2 + 8)
        // About one schema node per four tokens in typical documents.
        nodes.reserveCapacity(tape.tokens.count / 4 + 1)
        namedTypes.reserveCapacity(tape.namedTypeBound)
        definitions.reserveCapacity(tape.namedTypeBound)
        defaults.reserveCapacity(tape.defaultBound)
    }

    // MARK: driver

    mutating func build() -> AvroParseResult {
        let rootID = parseType(0, pointer: .root, namespace: nil)
        for reference in unresolved {
            if reference.candidates.contains(where: { namedTypes[$0] != nil }) {
                report(AvroSchemaRules.referenceBeforeDefinition,
                       "type \"\(reference.name)\" is referenced before its definition", at: reference.position, reference.pointer)
            } else {
                report(AvroSchemaRules.unknownType, "unknown type \"\(reference.name)\"", at: reference.position, reference.pointer,
                       hint: unknownTypeHint(reference.name, candidates: reference.candidates))
            }
        }
        var schema = AvroSchema(nodes: nodes, root: rootID, namedTypes: namedTypes)
        if validateDefaults {
            var validator = AvroDefaultValidator(schema: schema, skip: invalid)
            for entry in defaults {
                let value = entry.value
                switch validator.check(value, against: entry.fieldType) {
                case .valid, .unknown:
                    break
                case .invalid:
                    report(AvroSchemaRules.invalidDefault,
                           "invalid default for field '\(entry.fieldName)': \(Self.preview(value)) is not a valid \(schema.typeDescription(entry.fieldType))",
                           at: tape.position(entry.node), text(entry.pointer) + "/default")
                case .validInLaterBranch(let index):
                    report(AvroSchemaRules.unionDefaultNotFirstBranch,
                           "the default of field '\(entry.fieldName)' (\(Self.preview(value))) matches union branch \(index) (\(schema.typeDescription(unionBranch(schema, entry.fieldType, index)))), not the first branch; readers before Avro 1.12 reject it",
                           at: tape.position(entry.node), text(entry.pointer) + "/default")
                }
            }
        }
        // Without shared types there is nothing to compare with (and no full name to hash for the look-up).
        for definition in definitions where knownTypes.count > 0 {
            guard let known = knownTypes.definition(of: definition.fullName) else { continue }
            let local = schema.canonicalForm(of: definition.id)
            if local != known.schema.canonicalForm(of: known.node) {
                let source = schema.nodes[definition.id].source
                diagnostics.append(Diagnostic(
                    AvroSchemaRules.conflictingDefinition,
                    message: "\(definition.fullName) is defined differently here than in \(known.schema.nodes[known.node].source?.location.file ?? "the shared types")",
                    location: source?.location, pointer: source?.pointer))
            }
        }
        if diagnostics.hasErrors { return AvroParseResult(schema: nil, diagnostics: diagnostics) }
        schema.namedTypes = namedTypes
        return AvroParseResult(schema: schema, diagnostics: diagnostics)
    }

    private func unionBranch(_ schema: AvroSchema, _ id: AvroNode.ID, _ index: Int) -> AvroNode.ID {
        if case .union(let branches) = schema.nodes[id].type, index < branches.count { return branches[index] }
        return id
    }

    private func unknownTypeHint(_ name: String, candidates: [String]) -> String {
        let short = name.split(separator: ".").last.map(String.init) ?? name
        let matches = (Array(namedTypes.keys) + knownTypes.fullNames).filter { $0 == short || $0.hasSuffix("." + short) }
        if let match = Set(matches).sorted().first, !candidates.contains(match) {
            return "Did you mean \"\(match)\"? References without a dot are looked up in the enclosing namespace."
        }
        return AvroSchemaRules.unknownType.hint ?? ""
    }

    static func preview(_ value: JSONValue) -> String {
        let text = JSONWriter().write(value)
        guard text.count > 80 else { return text }
        return String(text.prefix(77)) + "..."
    }

    // MARK: pointers

    /// The pointer text of a position in the document.
    func text(_ pointer: SchemaPointerID) -> String { pointer.step.map(pointers.text) ?? "" }

    /// The position of member `key` below `pointer`.
    func child(_ pointer: SchemaPointerID, _ key: SchemaPointerKey) -> SchemaPointerID {
        SchemaPointerID(step: pointers.append(parent: pointer.step, token: key.token))
    }

    /// The position of element `index` below `pointer`.
    func child(_ pointer: SchemaPointerID, _ index: Int) -> SchemaPointerID {
        SchemaPointerID(step: pointers.append(parent: pointer.step, token: index))
    }

    /// `base/token`.
    static func pointer(_ base: String, _ token: String) -> String { joinPointer(base, token, nil) }

    /// `base/token/index`.
    static func pointer(_ base: String, _ token: String, _ index: Int) -> String { joinPointer(base, token, String(index)) }

    /// `base/index`.
    static func pointer(_ base: String, _ index: Int) -> String { joinPointer(base, String(index), nil) }

    /// Joins pointer parts by copying their UTF-8 bytes into one new string (repeated `+` costs far more in the hot loop).
    private static func joinPointer(_ base: String, _ first: String, _ second: String?) -> String {
        let count = base.utf8.count + 1 + first.utf8.count + (second.map { 1 + $0.utf8.count } ?? 0)
        return String(unsafeUninitializedCapacity: count) { out in
            var base = base, first = first
            var written = 0
            copyUTF8(&base, into: out, at: &written)
            copySlash(into: out, at: &written)
            copyUTF8(&first, into: out, at: &written)
            if second != nil {
                copySlash(into: out, at: &written)
                var last = second ?? ""
                copyUTF8(&last, into: out, at: &written)
            }
            return written
        }
    }

    private static func copyUTF8(_ text: inout String, into out: UnsafeMutableBufferPointer<UInt8>, at written: inout Int) {
        let start = written
        let n = text.withUTF8 { bytes in
            let n = min(bytes.count, out.count - start)
            guard n > 0, let source = bytes.baseAddress, let target = out.baseAddress else { return 0 }
            (target + start).initialize(from: source, count: n)
            return n
        }
        written += n
    }

    private static func copySlash(into out: UnsafeMutableBufferPointer<UInt8>, at written: inout Int) {
        guard written < out.count else { return }
        out[written] = UInt8(ascii: "/")
        written += 1
    }

    // MARK: diagnostics

    mutating func report(_ rule: RuleDescriptor, _ message: String, at position: TextPosition, _ pointer: SchemaPointerID, hint: String? = nil) {
        report(rule, message, at: position, text(pointer), hint: hint)
    }

    mutating func report(_ rule: RuleDescriptor, _ message: String, at position: TextPosition, _ pointer: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(
            rule, message: message, hint: hint,
            location: SourceLocation(file: file, line: position.line, column: position.column), pointer: pointer))
    }

    func source(_ node: Int, _ pointer: SchemaPointerID) -> SchemaSource {
        let position = tape.position(node)
        return SchemaSource(location: SourceLocation(file: file, line: position.line, column: position.column), table: pointers, at: pointer)
    }

    mutating func placeholder(_ node: Int, _ pointer: SchemaPointerID) -> AvroNode.ID {
        nodes.append(AvroNode(type: .null, source: source(node, pointer)))
        invalid.insert(nodes.count - 1)
        return nodes.count - 1
    }

    mutating func append(_ node: AvroNode) -> AvroNode.ID {
        nodes.append(node)
        return nodes.count - 1
    }

    // MARK: types

    mutating func parseType(_ node: Int, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        switch tape.kind(node) {
        case .string:
            if let word = tape.word(node) {
                if let primitive = word.primitive {
                    return append(AvroNode(type: primitive, source: source(node, pointer)))
                }
                switch word {
                case .record, .error, .enum, .fixed, .array, .map:
                    let name = tape.string(node)
                    report(AvroSchemaRules.invalidSchema, "\"\(name)\" needs its attributes: write it as an object {\"type\": \"\(name)\", …}",
                           at: tape.position(node), pointer)
                    return placeholder(node, pointer)
                default:
                    break
                }
            }
            return reference(tape.string(node), node: node, pointer: pointer, namespace: namespace)
        case .array:
            return parseUnion(node, pointer: pointer, namespace: namespace)
        case .object:
            return parseObject(node, pointer: pointer, namespace: namespace)
        case .null, .true, .false, .number:
            report(AvroSchemaRules.invalidSchema, "\(JSONWriter().write(tape.plain(node))) is not a schema", at: tape.position(node), pointer,
                   hint: AvroSchemaRules.invalidSchema.hint)
            return placeholder(node, pointer)
        }
    }

    /// Resolves a reference to a named type: this document first, then the shared types.
    mutating func reference(_ name: String, node: Int, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let candidates = AvroNameSyntax.candidates(for: name, in: namespace)
        for candidate in candidates {
            if let id = namedTypes[candidate] { return id }
            if let known = knownTypes.definition(of: candidate) {
                return importNamedType(from: known.schema, node: known.node)
            }
        }
        unresolved.append((name, candidates, tape.position(node), pointer))
        return placeholder(node, pointer)
    }

    /// Copies a named type's subgraph from another schema into this arena, reusing types already here by full name.
    mutating func importNamedType(from other: AvroSchema, node start: AvroNode.ID) -> AvroNode.ID {
        guard start >= 0, start < other.nodes.count else { return start }
        // Old ID → new ID, -1 while not yet mapped; an array because the other schema's IDs are dense.
        var mapping = [AvroNode.ID](repeating: -1, count: other.nodes.count)
        var queue = [start]
        var copied: [AvroNode.ID] = []
        while let id = queue.popLast() {
            guard id >= 0, id < mapping.count, mapping[id] < 0 else { continue }
            let node = other.nodes[id]
            let fullName = node.type.name?.fullName
            if let fullName, let existing = namedTypes[fullName] {
                mapping[id] = existing
                continue
            }
            nodes.append(node)
            mapping[id] = nodes.count - 1
            copied.append(id)
            if let fullName { namedTypes[fullName] = nodes.count - 1 }
            node.type.forEachChild { queue.append($0) }
        }
        for id in copied {
            let newID = mapping[id]
            // Taken out of the arena while remapped, so that a record's fields are changed in place, not copied.
            var type = nodes[newID].type
            nodes[newID].type = .null
            type.remapChildren { child in
                child >= 0 && child < mapping.count && mapping[child] >= 0 ? mapping[child] : child
            }
            nodes[newID].type = type
        }
        return mapping[start]
    }

    mutating func parseUnion(_ node: Int, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let count = tape.count(node)
        var branches: [AvroNode.ID] = []
        branches.reserveCapacity(count)
        // Branches that take part in the duplicate check (valid and not unions): compared with each new branch by a
        // scan for the usual few, by key in a dictionary for wide unions.
        var checked: UInt64 = 0
        var seen: [BranchKey: Int] = [:]
        let scanSeen = count <= 64
        var item = node + 1
        for index in 0..<count {
            defer { item = tape.next(item) }
            let branchPointer = child(pointer, index)
            let id = parseType(item, pointer: branchPointer, namespace: namespace)
            branches.append(id)
            guard invalid.isEmpty || !invalid.contains(id) else { continue }
            if case .union = nodes[id].type {
                report(AvroSchemaRules.nestedUnion, "a union cannot directly contain another union", at: tape.position(item), branchPointer,
                       hint: AvroSchemaRules.nestedUnion.hint)
                continue
            }
            var earlier: Int?
            if scanSeen {
                var mask = checked
                while mask != 0 {
                    let k = mask.trailingZeroBitCount
                    if sameBranch(branches[k], id) {
                        earlier = k
                        break
                    }
                    mask &= mask - 1
                }
            } else {
                earlier = seen[Self.branchKey(nodes[id].type)]
            }
            if let earlier {
                let type = nodes[id].type
                report(AvroSchemaRules.duplicateUnionBranch,
                       "union branches \(earlier) and \(index) are both \(type.name == nil ? "of type " : "")\(type.name?.fullName ?? type.specName)",
                       at: tape.position(item), branchPointer, hint: AvroSchemaRules.duplicateUnionBranch.hint)
            } else if scanSeen {
                checked |= 1 << UInt64(index)
            } else {
                seen[Self.branchKey(nodes[id].type)] = index
            }
        }
        return append(AvroNode(type: .union(branches: branches), source: source(node, pointer)))
    }

    /// What makes two union branches the same: the full name of a named type (compared by its parts, without
    /// writing it out), the type name of any other.
    enum BranchKey: Hashable {
        case named(AvroName)
        case unnamed(UInt8)
    }

    static func branchKey(_ type: AvroType) -> BranchKey { type.name.map(BranchKey.named) ?? .unnamed(type.kindTag) }

    /// Whether two branch nodes have the same `BranchKey`, without copying their types' payloads for unnamed ones.
    func sameBranch(_ a: AvroNode.ID, _ b: AvroNode.ID) -> Bool {
        let kindA = nodes[a].type.kindTag, kindB = nodes[b].type.kindTag
        let namedA = kindA &- 8 < 3, namedB = kindB &- 8 < 3
        if !namedA || !namedB { return !namedA && !namedB && kindA == kindB }
        return nodes[a].type.name == nodes[b].type.name
    }

    mutating func parseObject(_ node: Int, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let attributes = SchemaAttributes(tape, object: node)
        guard let typeValue = attributes[.type] else {
            report(AvroSchemaRules.invalidSchema, "a schema object needs a \"type\" attribute", at: tape.position(node), pointer,
                   hint: AvroSchemaRules.invalidSchema.hint)
            return placeholder(node, pointer)
        }
        guard tape.kind(typeValue) == .string else {
            report(AvroSchemaRules.invalidSchema,
                   "the \"type\" of a schema object must be a type name; a nested schema belongs in a field's \"type\", an array's \"items\" or a map's \"values\"",
                   at: tape.position(typeValue), text(pointer) + "/type")
            return placeholder(node, pointer)
        }
        let word = tape.word(typeValue)
        if let primitive = word?.primitive {
            return parsePlain(node, attributes, type: primitive, pointer: pointer, known: Self.primitiveKeys)
        }
        switch word {
        case .record, .error:
            return parseRecord(node, attributes, isError: word == .error, pointer: pointer, namespace: namespace)
        case .enum:
            return parseEnum(node, attributes, pointer: pointer, namespace: namespace)
        case .fixed:
            return parseFixed(node, attributes, pointer: pointer, namespace: namespace)
        case .array, .map:
            let isArray = word == .array
            let kind = isArray ? "array" : "map"
            let childKey = isArray ? "items" : "values"
            guard let child = attributes[isArray ? .items : .values] else {
                report(AvroSchemaRules.missingAttribute, "\(kind) schema without \"\(childKey)\"", at: tape.position(node), pointer)
                return placeholder(node, pointer)
            }
            let childID = parseType(child, pointer: self.child(pointer, isArray ? .items : .values), namespace: namespace)
            let type: AvroType = isArray ? .array(items: childID) : .map(values: childID)
            return parsePlain(node, attributes, type: type, pointer: pointer, known: isArray ? Self.arrayKeys : Self.mapKeys)
        default:
            // Java also accepts a named type reference in object form, {"type": "com.example.Money"}.
            return reference(tape.string(typeValue), node: typeValue, pointer: child(pointer, .type), namespace: namespace)
        }
    }

    /// A primitive, array or map node: logical type and custom properties.
    mutating func parsePlain(_ node: Int, _ attributes: SchemaAttributes, type: AvroType, pointer: SchemaPointerID, known: UInt32) -> AvroNode.ID {
        let (logical, consumed) = parseLogicalType(node, attributes, type: type, pointer: pointer)
        let properties = collectProperties(node, attributes, excluding: known | consumed)
        return append(AvroNode(type: type, logicalType: logical, properties: properties, source: source(node, pointer)))
    }

    /// The members that are not schema attributes (`known`, a mask of attribute bits, which includes the keys a
    /// logical type consumed), as custom properties.
    func collectProperties(_ node: Int, _ attributes: SchemaAttributes, excluding known: UInt32) -> JSONObject {
        // Nearly every object holds only attributes: nothing to look at again.
        guard attributes.present & ~known != 0 else { return JSONObject() }
        var properties = JSONObject()
        var i = node + 1
        let end = tape.next(node)
        while i < end {
            let bit = tape.word(i)?.bit ?? SchemaAttributes.otherBit
            if bit & known == 0 { properties.set(tape.string(i), tape.plain(i + 1)) }
            i = tape.next(i + 1)
        }
        return properties
    }

    // The attributes each kind of schema object defines (never custom properties).
    static let primitiveKeys = SchemaAttributes.mask(.type)
    static let arrayKeys = SchemaAttributes.mask(.type, .items)
    static let mapKeys = SchemaAttributes.mask(.type, .values)
    static let recordKeys = SchemaAttributes.mask(.type, .name, .namespace, .doc, .aliases, .fields)
    static let fieldKeys = SchemaAttributes.mask(.name, .type, .default, .order, .aliases, .doc)
    static let enumKeys = SchemaAttributes.mask(.type, .name, .namespace, .doc, .aliases, .symbols, .default)
    static let fixedKeys = SchemaAttributes.mask(.type, .name, .namespace, .doc, .aliases, .size)

    // MARK: named types

    /// Reads name, namespace, aliases and doc of a named type and registers it; nil when the name is unusable.
    mutating func parseNamedHeader(
        _ node: Int, _ attributes: SchemaAttributes, pointer: SchemaPointerID, namespace enclosing: String?, kind: String
    ) -> (name: AvroName, fullName: String, aliases: [String], doc: String?)? {
        guard let nameValue = attributes[.name] else {
            report(AvroSchemaRules.missingAttribute, "\(kind) without a \"name\"", at: tape.position(node), pointer)
            return nil
        }
        guard let rawName = tape.stringValue(nameValue) else {
            report(AvroSchemaRules.invalidAttribute, "the \"name\" of \(kind == "enum" ? "an" : "a") \(kind) must be a string", at: tape.position(nameValue), text(pointer) + "/name")
            return nil
        }
        var namespace = enclosing
        if let nsValue = attributes[.namespace] {
            switch tape.kind(nsValue) {
            case .string: namespace = tape.string(nsValue)
            case .null: break
            default:
                report(AvroSchemaRules.invalidAttribute, "\"namespace\" must be a string", at: tape.position(nsValue), text(pointer) + "/namespace")
            }
        }
        let name: AvroName
        if rawName.utf8.contains(UInt8(ascii: ".")) {
            name = AvroName(fullName: rawName)
            if !AvroNameSyntax.isValidDotted(rawName) {
                report(AvroSchemaRules.invalidName, "\"\(rawName)\" is not a valid full name", at: tape.position(nameValue), text(pointer) + "/name",
                       hint: AvroSchemaRules.invalidName.hint)
                return nil
            }
        } else {
            name = AvroName(name: rawName, namespace: namespace)
            if !AvroNameSyntax.isValidName(rawName) {
                report(AvroSchemaRules.invalidName, "\"\(rawName)\" is not a valid name", at: tape.position(nameValue), text(pointer) + "/name",
                       hint: AvroSchemaRules.invalidName.hint)
                return nil
            }
            if let ns = name.namespace, !AvroNameSyntax.isValidDotted(ns) {
                let position = attributes[.namespace].map { tape.position($0) } ?? tape.position(nameValue)
                report(AvroSchemaRules.invalidName, "\"\(ns)\" is not a valid namespace", at: position, text(pointer) + "/namespace",
                       hint: AvroSchemaRules.invalidName.hint)
                return nil
            }
        }
        if AvroNameSyntax.primitive(name.name) != nil {
            report(AvroSchemaRules.primitiveRedefined, "\"\(name.name)\" is a primitive type name and cannot name a \(kind)",
                   at: tape.position(nameValue), text(pointer) + "/name")
            return nil
        }
        let fullName = name.fullName
        if let earlier = namedTypes[fullName] {
            let earlierNote = nodes[earlier].source.map { " (first defined at line \($0.location.line))" } ?? ""
            report(AvroSchemaRules.nameRedefined, "\(fullName) is already defined\(earlierNote)", at: tape.position(nameValue), text(pointer) + "/name",
                   hint: AvroSchemaRules.nameRedefined.hint)
            return nil
        }
        var aliases: [String] = []
        if let list = stringList(attributes, .aliases, pointer: pointer) {
            aliases = list.map { AvroNameSyntax.candidates(for: $0, in: name.namespace)[0] }
        }
        let doc = docString(attributes, pointer: pointer)
        return (name, fullName, aliases, doc)
    }

    /// An optional array-of-strings attribute; reports a wrong shape.
    mutating func stringList(_ attributes: SchemaAttributes, _ key: SchemaWord, pointer: SchemaPointerID) -> [String]? {
        guard let value = attributes[key] else { return nil }
        let key = key.spelling.description
        guard tape.kind(value) == .array else {
            report(AvroSchemaRules.invalidAttribute, "\"\(key)\" must be an array of strings", at: tape.position(value), text(pointer) + "/" + key)
            return nil
        }
        var strings: [String] = []
        strings.reserveCapacity(tape.count(value))
        var item = value + 1
        for i in 0..<tape.count(value) {
            guard let s = tape.stringValue(item) else {
                report(AvroSchemaRules.invalidAttribute, "\"\(key)\" must be an array of strings", at: tape.position(item), text(pointer) + "/\(key)/\(i)")
                return nil
            }
            strings.append(s)
            item = tape.next(item)
        }
        return strings
    }

    mutating func docString(_ attributes: SchemaAttributes, pointer: SchemaPointerID) -> String? {
        guard let value = attributes[.doc] else { return nil }
        switch tape.kind(value) {
        case .string: return tape.string(value)
        case .null: return nil
        default:
            report(AvroSchemaRules.invalidAttribute, "\"doc\" must be a string", at: tape.position(value), text(pointer) + "/doc")
            return nil
        }
    }

    mutating func register(_ fullName: String, _ id: AvroNode.ID) {
        namedTypes[fullName] = id
        definitions.append((fullName, id))
    }

    mutating func parseRecord(_ node: Int, _ attributes: SchemaAttributes, isError: Bool, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let kind = isError ? "error" : "record"
        let header = parseNamedHeader(node, attributes, pointer: pointer, namespace: namespace, kind: kind)
        let name = header?.name ?? AvroName(name: "_", namespace: namespace)
        // Registered before the fields so that they can refer back to it (recursive types).
        let id = append(AvroNode(type: .record(AvroRecord(name: name, aliases: header?.aliases ?? [], doc: header?.doc, fields: [], isError: isError)),
                                 source: source(node, pointer)))
        if let header { register(header.fullName, id) } else { invalid.insert(id) }

        var fields: [AvroField] = []
        if let fieldsValue = attributes[.fields] {
            if tape.kind(fieldsValue) == .array {
                let count = tape.count(fieldsValue)
                var fieldNames = SeenNames(capacity: count)
                fields.reserveCapacity(count)
                let fieldsPointer = child(pointer, .fields)
                var item = fieldsValue + 1
                for index in 0..<count {
                    let fieldPointer = child(fieldsPointer, index)
                    if let field = parseField(item, pointer: fieldPointer, namespace: name.namespace, record: id, index: fields.count, names: &fieldNames) {
                        fields.append(field)
                    }
                    item = tape.next(item)
                }
            } else {
                report(AvroSchemaRules.invalidAttribute, "\"fields\" must be an array of field objects", at: tape.position(fieldsValue), text(pointer) + "/fields")
            }
        } else {
            report(AvroSchemaRules.missingAttribute, "\(kind) \(header?.name.fullName ?? "") without \"fields\"", at: tape.position(node), pointer,
                   hint: "Write \"fields\": [] for a record without fields.")
        }
        // The record's type is read (and copied) only when there is an annotation to check against it.
        let (logical, consumed) = attributes.present & SchemaWord.logicalType.bit == 0
            ? (nil, 0) : parseLogicalType(node, attributes, type: nodes[id].type, pointer: pointer)
        nodes[id].logicalType = logical
        nodes[id].properties = collectProperties(node, attributes, excluding: Self.recordKeys | consumed)
        if case .record(var record) = nodes[id].type {
            // Taken out of the arena first, so that the fields array is not copied.
            nodes[id].type = .null
            record.fields = fields
            nodes[id].type = .record(record)
        }
        return id
    }

    mutating func parseField(
        _ node: Int, pointer: SchemaPointerID, namespace: String?, record: AvroNode.ID, index: Int, names: inout SeenNames
    ) -> AvroField? {
        guard tape.kind(node) == .object else {
            report(AvroSchemaRules.invalidAttribute, "a field must be a JSON object with \"name\" and \"type\"", at: tape.position(node), pointer)
            return nil
        }
        let attributes = SchemaAttributes(tape, object: node)
        var fieldName: String?
        if let nameValue = attributes[.name] {
            if let name = tape.stringValue(nameValue) {
                if !AvroNameSyntax.isValidName(name) {
                    report(AvroSchemaRules.invalidName, "\"\(name)\" is not a valid field name", at: tape.position(nameValue), text(pointer) + "/name",
                           hint: AvroSchemaRules.invalidName.hint)
                } else if !names.insert(name) {
                    report(AvroSchemaRules.duplicateField, "duplicate field \"\(name)\"", at: tape.position(nameValue), text(pointer) + "/name")
                } else {
                    fieldName = name
                }
            } else {
                report(AvroSchemaRules.invalidAttribute, "a field's \"name\" must be a string", at: tape.position(nameValue), text(pointer) + "/name")
            }
        } else {
            report(AvroSchemaRules.missingAttribute, "field without a \"name\"", at: tape.position(node), pointer)
        }
        let typeID: AvroNode.ID
        if let typeValue = attributes[.type] {
            typeID = parseType(typeValue, pointer: child(pointer, .type), namespace: namespace)
        } else {
            report(AvroSchemaRules.missingAttribute, "field \(fieldName.map { "\"\($0)\" " } ?? "")without a \"type\"", at: tape.position(node), pointer)
            typeID = placeholder(node, child(pointer, .type))
        }
        var order = FieldOrder.ascending
        if let orderValue = attributes[.order] {
            if let text = tape.stringValue(orderValue), let parsed = FieldOrder(rawValue: text) {
                order = parsed
            } else {
                report(AvroSchemaRules.invalidAttribute, "\"order\" must be \"ascending\", \"descending\" or \"ignore\"",
                       at: tape.position(orderValue), text(pointer) + "/order")
            }
        }
        let aliases = stringList(attributes, .aliases, pointer: pointer) ?? []
        let doc = docString(attributes, pointer: pointer)
        guard let fieldName else { return nil }
        let defaultNode = attributes[.default]
        let defaultValue = defaultNode.map { tape.plain($0) }
        if let defaultNode, let defaultValue {
            defaults.append((fieldName, typeID, defaultNode, defaultValue, pointer))
        }
        return AvroField(
            name: fieldName, aliases: aliases, doc: doc, type: typeID, defaultValue: defaultValue, order: order,
            properties: collectProperties(node, attributes, excluding: Self.fieldKeys),
            source: source(node, pointer))
    }

    mutating func parseEnum(_ node: Int, _ attributes: SchemaAttributes, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let header = parseNamedHeader(node, attributes, pointer: pointer, namespace: namespace, kind: "enum")
        var symbols: [String] = []
        if let symbolsValue = attributes[.symbols] {
            if tape.kind(symbolsValue) == .array {
                let count = tape.count(symbolsValue)
                var seen = SeenNames(capacity: count)
                symbols.reserveCapacity(count)
                var item = symbolsValue + 1
                for i in 0..<count {
                    defer { item = tape.next(item) }
                    guard let symbol = tape.stringValue(item) else {
                        report(AvroSchemaRules.invalidSymbol, "enum symbols must be strings", at: tape.position(item), Self.pointer(text(pointer), "symbols", i))
                        continue
                    }
                    if !AvroNameSyntax.isValidName(symbol) {
                        report(AvroSchemaRules.invalidSymbol, "\"\(symbol)\" is not a valid enum symbol", at: tape.position(item), Self.pointer(text(pointer), "symbols", i),
                               hint: AvroSchemaRules.invalidName.hint)
                    } else if !seen.insert(symbol) {
                        report(AvroSchemaRules.invalidSymbol, "duplicate enum symbol \"\(symbol)\"", at: tape.position(item), Self.pointer(text(pointer), "symbols", i))
                    }
                    symbols.append(symbol)
                }
            } else {
                report(AvroSchemaRules.invalidAttribute, "\"symbols\" must be an array of strings", at: tape.position(symbolsValue), text(pointer) + "/symbols")
            }
        } else {
            report(AvroSchemaRules.missingAttribute, "enum without \"symbols\"", at: tape.position(node), pointer)
        }
        var defaultSymbol: String?
        if let defaultValue = attributes[.default] {
            if let symbol = tape.stringValue(defaultValue), symbols.contains(symbol) {
                defaultSymbol = symbol
            } else {
                report(AvroSchemaRules.invalidEnumDefault,
                       "the enum default \(JSONWriter().write(tape.plain(defaultValue))) is not one of its symbols",
                       at: tape.position(defaultValue), text(pointer) + "/default")
            }
        }
        let name = header?.name ?? AvroName(name: "_", namespace: namespace)
        let type = AvroType.enumeration(AvroEnum(name: name, aliases: header?.aliases ?? [], doc: header?.doc, symbols: symbols, defaultSymbol: defaultSymbol))
        let (logical, consumed) = parseLogicalType(node, attributes, type: type, pointer: pointer)
        let properties = collectProperties(node, attributes, excluding: Self.enumKeys | consumed)
        let id = append(AvroNode(type: type, logicalType: logical, properties: properties, source: source(node, pointer)))
        if let header { register(header.fullName, id) } else { invalid.insert(id) }
        return id
    }

    mutating func parseFixed(_ node: Int, _ attributes: SchemaAttributes, pointer: SchemaPointerID, namespace: String?) -> AvroNode.ID {
        let header = parseNamedHeader(node, attributes, pointer: pointer, namespace: namespace, kind: "fixed")
        var size: Int?
        if let sizeValue = attributes[.size] {
            if tape.kind(sizeValue) == .number, case let number = tape.number(sizeValue), number.isIntegerLiteral, let value = Int32(number.text), value >= 0 {
                size = Int(value)
            } else {
                report(AvroSchemaRules.invalidFixedSize,
                       "the size of a fixed must be a non-negative integer, not \(JSONWriter().write(tape.plain(sizeValue)))",
                       at: tape.position(sizeValue), text(pointer) + "/size")
            }
        } else {
            report(AvroSchemaRules.missingAttribute, "fixed without \"size\"", at: tape.position(node), pointer)
        }
        let name = header?.name ?? AvroName(name: "_", namespace: namespace)
        let type = AvroType.fixed(AvroFixed(name: name, aliases: header?.aliases ?? [], doc: header?.doc, size: size ?? 0))
        let (logical, consumed) = size == nil ? (nil, 0) : parseLogicalType(node, attributes, type: type, pointer: pointer)
        let properties = collectProperties(node, attributes, excluding: Self.fixedKeys | consumed)
        let id = append(AvroNode(type: type, logicalType: logical, properties: properties, source: source(node, pointer)))
        if header == nil || size == nil { invalid.insert(id) }
        if let header { register(header.fullName, id) }
        return id
    }
}

/// Names seen so far (a record's fields, an enum's symbols, the named types a canonical form has written): a scan
/// of a fixed inline list while few (the usual case, with no allocation), a set once many.
struct SeenNames {
    private var list: InlineArray<16, String> = .init(repeating: "")
    private var count = 0
    private var set: Set<String> = []

    /// An empty set sized for up to `capacity` names (more may be added).
    init(capacity: Int) {
        if capacity > 16 { set.reserveCapacity(capacity) }
    }

    /// Adds a name; false when it was already there.
    mutating func insert(_ name: String) -> Bool {
        if count <= 16 {
            for i in 0..<count where list[i] == name { return false }
            if count < 16 {
                list[count] = name
                count += 1
                return true
            }
            // Grown past what a scan is good for.
            for i in 0..<16 { set.insert(list[i]) }
            count = 17
        }
        return set.insert(name).inserted
    }
}

extension AvroType {
    /// Child node IDs, in schema order.
    var children: [AvroNode.ID] {
        switch self {
        case .record(let record): record.fields.map(\.type)
        case .array(let items): [items]
        case .map(let values): [values]
        case .union(let branches): branches
        default: []
        }
    }

    /// Calls `body` with each child node ID, in schema order, without collecting them into an array.
    func forEachChild(_ body: (AvroNode.ID) -> Void) {
        switch self {
        case .record(let record): for index in record.fields.indices { body(record.fields[index].type) }
        case .array(let items): body(items)
        case .map(let values): body(values)
        case .union(let branches): for branch in branches { body(branch) }
        default: break
        }
    }

    /// Maps each child ID in place.
    mutating func remapChildren(_ map: (AvroNode.ID) -> AvroNode.ID) {
        switch self {
        case .record(var record):
            // Released from `self` first, so that the fields array is not shared while it changes.
            self = .null
            for i in record.fields.indices { record.fields[i].type = map(record.fields[i].type) }
            self = .record(record)
        case .array(let items): self = .array(items: map(items))
        case .map(let values): self = .map(values: map(values))
        case .union(var branches):
            self = .null
            for i in branches.indices { branches[i] = map(branches[i]) }
            self = .union(branches: branches)
        default: break
        }
    }

    /// The same type with each child ID mapped.
    func remappingChildren(_ map: (AvroNode.ID) -> AvroNode.ID) -> AvroType {
        switch self {
        case .record(var record):
            for i in record.fields.indices { record.fields[i].type = map(record.fields[i].type) }
            return .record(record)
        case .array(let items): return .array(items: map(items))
        case .map(let values): return .map(values: map(values))
        case .union(let branches): return .union(branches: branches.map(map))
        default: return self
        }
    }
}
