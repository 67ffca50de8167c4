/// Reads a JSON datum against a schema in one pass, in one of three modes: building an `AvroValue`,
/// collecting every problem (validation), or probing whether it fits at all (union branch choice).
///
/// `walk` returns nil when the datum does not fit; without `build` a fitting datum yields `.null`.
struct JSONDatumWalker {
    let plan: JSONDatumPlan
    let encoding: AvroJSONEncoding
    /// Record every problem and keep going; when false, stop at the first one.
    var collect: Bool
    /// Build the `AvroValue`.
    let build: Bool
    var problems: [DatumProblem] = []
    var path: [DatumPath.Component] = []
    /// Nodes left to visit. Plain unions of records are tried branch by branch, which a crafted document can make
    /// exponential; past this budget the walk gives up (`exhausted`) instead of running for ever.
    var stepsLeft = JSONDatumWalker.stepBudget
    var exhausted: Bool { stepsLeft < 0 }
    static let stepBudget = 2_000_000
    /// Values nest (records, arrays, maps, union branches each count) at most this deep; deeper documents are
    /// refused rather than risking the stack. Set with the budget when exceeded.
    static let maxDepth = 128
    var depth = 0
    var tooDeep = false

    /// The plan's tables, borrowed for the walk so that visiting a node retains nothing.
    let ops: UnsafeBufferPointer<DatumPlan.Op>
    let children: UnsafeBufferPointer<Int32>
    let names: UnsafeBufferPointer<String>

    private init(
        plan: JSONDatumPlan, encoding: AvroJSONEncoding, collect: Bool, build: Bool,
        ops: UnsafeBufferPointer<DatumPlan.Op>, children: UnsafeBufferPointer<Int32>, names: UnsafeBufferPointer<String>
    ) {
        self.plan = plan
        self.encoding = encoding
        self.collect = collect
        self.build = build
        self.ops = ops
        self.children = children
        self.names = names
    }

    /// Runs `body` with a walker whose borrowed tables stay valid for exactly that long.
    static func with<Result>(
        plan: JSONDatumPlan, encoding: AvroJSONEncoding, collect: Bool, build: Bool, _ body: (inout JSONDatumWalker) -> Result
    ) -> Result {
        plan.plan.ops.withUnsafeBufferPointer { ops in
            plan.plan.children.withUnsafeBufferPointer { children in
                plan.plan.childNames.withUnsafeBufferPointer { names in
                    var walker = JSONDatumWalker(
                        plan: plan, encoding: encoding, collect: collect, build: build, ops: ops, children: children, names: names)
                    return body(&walker)
                }
            }
        }
    }

    mutating func report(_ kind: DatumProblem.Kind, _ json: JSONNode, expected: String, found: String, message: String, position: TextPosition? = nil, hint: String? = nil) {
        guard collect else { return }
        let at = position ?? json.position
        problems.append(DatumProblem(
            kind: kind, components: path, position: at.line > 0 ? at : nil, expected: expected, found: found, message: message, hint: hint))
    }

    mutating func mismatch(_ json: JSONNode, _ node: Int) -> AvroValue? {
        if collect {
            let expected = describeExpected(node), found = describeFound(json)
            report(.typeMismatch, json, expected: expected, found: found, message: "expected \(expected) but found \(found)",
                   hint: logicalTypeHint(node))
        }
        return nil
    }

    /// How a logical type's value is written in JSON, for mismatches on logically typed nodes.
    func logicalTypeHint(_ node: Int) -> String? {
        guard let logical = plan.schema.nodes[node].logicalType else { return nil }
        switch logical {
        case .timestampMillis, .localTimestampMillis: return "\(logical.name) is written as a JSON integer: milliseconds since 1970-01-01T00:00:00."
        case .timestampMicros, .localTimestampMicros: return "\(logical.name) is written as a JSON integer: microseconds since 1970-01-01T00:00:00."
        case .timestampNanos, .localTimestampNanos: return "\(logical.name) is written as a JSON integer: nanoseconds since 1970-01-01T00:00:00."
        case .date: return "date is written as a JSON integer: days since 1970-01-01."
        case .timeMillis: return "time-millis is written as a JSON integer: milliseconds after midnight."
        case .timeMicros: return "time-micros is written as a JSON integer: microseconds after midnight."
        case .decimal, .bigDecimal: return "\(logical.name) is written as its bytes: the unscaled two's-complement integer, one code point (0-255) per byte."
        case .uuid: return "uuid is written as a JSON string."
        case .duration: return "duration is written as its 12 bytes (months, days, milliseconds, little-endian), one code point per byte."
        }
    }

    mutating func walk(_ json: JSONNode, _ node: Int) -> AvroValue? {
        stepsLeft &-= 1
        if stepsLeft < 0 { return nil }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            tooDeep = true
            stepsLeft = -1
            return nil
        }
        let op = ops[node]
        switch op.kind {
        case .null:
            guard case .null = json.value else { return mismatch(json, node) }
            return .null
        case .boolean:
            guard case .bool(let b) = json.value else { return mismatch(json, node) }
            return build ? .boolean(b) : .null
        case .int, .long:
            guard case .number(let number) = json.value else { return mismatch(json, node) }
            let parsed = Self.parseInteger(number.text)
            guard parsed.isInteger else { return mismatch(json, node) }
            guard let value = parsed.value, op.kind == .long || Int32(exactly: value) != nil else {
                if collect {
                    let expected = describeExpected(node)
                    let bits = op.kind == .int ? "32" : "64"
                    let shown = Self.shortened(number: number.text)
                    report(.outOfRange, json, expected: expected, found: shown,
                           message: "expected \(expected) but found \(shown), outside the \(bits)-bit range")
                }
                return nil
            }
            return op.kind == .int ? .int(Int32(truncatingIfNeeded: value)) : .long(value)
        case .float, .double:
            let value: Double
            switch json.value {
            case .number(let number):
                value = number.double
                // A literal such as 1e400 is not a double; only the strings below name the non-finite values.
                guard value.isFinite else {
                    if collect {
                        let expected = describeExpected(node), shown = Self.shortened(number: number.text)
                        report(.outOfRange, json, expected: expected, found: shown,
                               message: "expected \(expected) but found \(shown), outside the \(op.kind == .double ? "double" : "float") range")
                    }
                    return nil
                }
            case .string("NaN"): value = .nan
            case .string("Infinity"): value = .infinity
            case .string("-Infinity"): value = -.infinity
            default: return mismatch(json, node)
            }
            if op.kind == .double { return .double(value) }
            let float = Float(value)
            guard float.isFinite || !value.isFinite else {
                if collect {
                    let expected = describeExpected(node), found = describeFound(json)
                    report(.outOfRange, json, expected: expected, found: found, message: "expected \(expected) but found \(found), outside the float range")
                }
                return nil
            }
            return .float(float)
        case .string:
            // Without `build`, match the case without binding its payload (binding would retain it).
            if !build {
                guard case .string = json.value else { return mismatch(json, node) }
                return .null
            }
            guard case .string(let s) = json.value else { return mismatch(json, node) }
            return .string(s)
        case .bytes, .fixed:
            guard case .string(let s) = json.value else { return mismatch(json, node) }
            var bytes: [UInt8] = []
            if build { bytes.reserveCapacity(s.utf8.count) }
            var index = 0
            for scalar in s.unicodeScalars {
                guard scalar.value <= 0xFF else {
                    if collect {
                        let hex = String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                        report(.byteOutOfRange, json, expected: describeExpected(node), found: "code point U+\(hex)",
                               message: "expected \(describeExpected(node)) written as code points 0-255 but found U+\(hex) at character \(index)")
                    }
                    return nil
                }
                if build { bytes.append(UInt8(scalar.value)) }
                index += 1
            }
            if op.kind == .bytes { return .bytes(bytes) }
            guard index == Int(op.a) else {
                if collect {
                    report(.fixedSizeMismatch, json, expected: describeExpected(node), found: "\(index) bytes",
                           message: "expected \(describeExpected(node)) but found a string of \(index) bytes")
                }
                return nil
            }
            return .fixed(bytes)
        case .enumeration:
            let symbols = plan.plan.symbols[Int(op.a)]
            guard case .string(let s) = json.value else { return mismatch(json, node) }
            guard let index = symbols.firstIndex(of: s) else {
                if collect {
                    let expected = describeExpected(node)
                    report(.unknownEnumSymbol, json, expected: expected, found: describeFound(json),
                           message: "expected a symbol of \(expected) (one of \(symbols.joined(separator: ", "))) but found \(describeFound(json))")
                }
                return nil
            }
            return .enumeration(index: index, symbol: symbols[index])
        case .array:
            guard case .array(let items) = json.value else { return mismatch(json, node) }
            let item = Int(op.a)
            var values: [AvroValue] = []
            if build { values.reserveCapacity(items.count) }
            var ok = true
            items.withUnsafeBufferPointer { items in
                for i in 0..<items.count {
                    if collect { path.append(.index(i)) }
                    let value = walk(items[i], item)
                    if collect { path.removeLast() }
                    if let value {
                        if build { values.append(value) }
                    } else {
                        ok = false
                        if !collect { return }
                    }
                }
            }
            return ok ? (build ? .array(values) : .null) : nil
        case .map:
            guard case .object(let members) = json.value else { return mismatch(json, node) }
            let item = Int(op.a)
            var entries: [AvroMapEntry] = []
            if build { entries.reserveCapacity(members.count) }
            var ok = true
            members.withUnsafeBufferPointer { members in
                for i in 0..<members.count {
                    if collect { path.append(.key(members[i].key)) }
                    let value = walk(members[i].value, item)
                    if collect { path.removeLast() }
                    if let value {
                        if build { entries.append(AvroMapEntry(key: members[i].key, value: value)) }
                    } else {
                        ok = false
                        if !collect { return }
                    }
                }
            }
            return ok ? (build ? .map(entries) : .null) : nil
        case .record:
            return walkRecord(json, node, op)
        case .union:
            return walkUnion(json, node, op)
        }
    }

    mutating func walkRecord(_ json: JSONNode, _ node: Int, _ op: DatumPlan.Op) -> AvroValue? {
        guard case .object(let members) = json.value else { return mismatch(json, node) }
        let start = Int(op.a), count = Int(op.b)
        var fields: [AvroValue] = []
        if build { fields = [AvroValue](repeating: .null, count: count) }
        var seen = FieldSet(count: count)
        var ok = true
        // An unsafe buffer borrows members; array subscripts would retain each one.
        let aborted = members.withUnsafeBufferPointer { members in
            for position in 0..<members.count {
                // Examples usually follow schema order: try the member's own position first.
                var index = -1
                if position < count, names[start + position] == members[position].key {
                    index = position
                } else {
                    for i in 0..<count where names[start + i] == members[position].key {
                        index = i
                        break
                    }
                }
                guard index >= 0 else {
                    ok = false
                    if !collect { return true }
                    reportUnknownField(members[position], in: json, node, names: Array(names[start..<start + count]))
                    continue
                }
                seen.insert(index)
                if collect { path.append(.field(members[position].key)) }
                let value = walk(members[position].value, Int(children[start + index]))
                if collect { path.removeLast() }
                if let value {
                    if build { fields[index] = value }
                } else {
                    ok = false
                    if !collect { return true }
                }
            }
            return false
        }
        if aborted { return nil }
        for i in 0..<count where !seen.contains(i) {
            if let fallback = plan.fieldDefaults[start + i] {
                if build { fields[i] = fallback }
                continue
            }
            ok = false
            if !collect { return nil }
            path.append(.field(names[start + i]))
            let fieldType = describeExpected(Int(children[start + i]))
            report(.missingField, json, expected: "field \"\(names[start + i])\" (\(fieldType))", found: "no such member",
                   message: "missing field \"\(names[start + i])\" (\(fieldType)) of \(describeExpected(node)), which has no default")
            path.removeLast()
        }
        return ok ? (build ? .record(fields) : .null) : nil
    }

    mutating func reportUnknownField(_ member: JSONMember, in json: JSONNode, _ node: Int, names candidates: [String]) {
        path.append(.field(member.key))
        let shownKey = DatumPath.shortened(member.key)
        var message = "unknown field \"\(shownKey)\" in \(describeExpected(node))"
        if let suggestion = closestName(to: member.key, among: candidates) { message += " (did you mean \"\(suggestion)\"?)" }
        message += "; its fields are \(candidates.joined(separator: ", "))"
        report(.unknownField, json, expected: "a field of \(describeExpected(node))", found: "\"\(shownKey)\"",
               message: message, position: member.keyPosition)
        path.removeLast()
    }

    mutating func walkUnion(_ json: JSONNode, _ node: Int, _ op: DatumPlan.Op) -> AvroValue? {
        let start = Int(op.a), count = Int(op.b)
        switch encoding {
        case .plain:
            let wasCollecting = collect
            collect = false
            for i in 0..<count {
                if let value = walk(json, Int(children[start + i])) {
                    collect = wasCollecting
                    return build ? .union(branch: i, value: value) : .null
                }
            }
            collect = wasCollecting
            if collect { explainNoBranch(json, node, op) }
            return nil
        case .avroJSON:
            if case .null = json.value {
                for i in 0..<count where ops[Int(children[start + i])].kind == .null {
                    return build ? .union(branch: i, value: .null) : .null
                }
            }
            let branchNames = (0..<count).map { names[start + $0] }
            let expected = "union value {\"<branch>\": value} with a branch of \(describeExpected(node))"
            guard case .object(let members) = json.value, members.count == 1 else {
                report(.badUnionTag, json, expected: expected, found: describeFound(json),
                       message: "expected \(expected) but found \(describeFound(json))")
                return nil
            }
            let member = members[0]
            guard let branch = branchNames.firstIndex(of: member.key), ops[Int(children[start + branch])].kind != .null else {
                let shownKey = DatumPath.shortened(member.key)
                report(.badUnionTag, json, expected: expected, found: "\"\(shownKey)\"",
                       message: "union has no branch \"\(shownKey)\"; write one of \(branchNames.filter { $0 != "null" }.joined(separator: ", ")), or null for the null branch",
                       position: member.keyPosition)
                return nil
            }
            guard let value = walk(member.value, Int(children[start + branch])) else { return nil }
            return build ? .union(branch: branch, value: value) : .null
        }
    }

    /// Tries each branch again, collecting its problems, and explains the closest one.
    mutating func explainNoBranch(_ json: JSONNode, _ node: Int, _ op: DatumPlan.Op) {
        let start = Int(op.a), count = Int(op.b)
        var tried: [(name: String, problems: [DatumProblem], sameShape: Bool)] = []
        let saved = problems
        for i in 0..<count {
            let branch = Int(children[start + i])
            problems = []
            _ = walk(json, branch)
            tried.append((names[start + i], problems, hasShape(json, of: branch)))
        }
        problems = saved
        let found = describeFound(json)
        var message = "no branch of \(describeExpected(node)) fits \(found)"
        let closest = tried.indices.filter { tried[$0].sameShape }.min { tried[$0].problems.count < tried[$1].problems.count }
        if let closest {
            let details = tried[closest].problems.map { problem in
                problem.components.count > path.count ? "\(problem.path): \(problem.message)" : problem.message
            }
            message += "; closest branch \(tried[closest].name) fails: " + details.joined(separator: "; ")
        } else {
            message += "; tried " + tried.map(\.name).joined(separator: ", ")
        }
        report(.noMatchingBranch, json, expected: describeExpected(node), found: found, message: message)
    }

    /// Whether the JSON value has the shape a branch's values take (object for records and maps, …).
    func hasShape(_ json: JSONNode, of node: Int) -> Bool {
        switch (ops[node].kind, json.value) {
        case (.null, .null), (.boolean, .bool), (.record, .object), (.map, .object), (.array, .array): true
        case (.int, .number), (.long, .number), (.float, .number), (.double, .number): true
        case (.string, .string), (.bytes, .string), (.fixed, .string), (.enumeration, .string): true
        default: false
        }
    }

    /// Whether a JSON number literal is an integer (no fraction or exponent) and its value when it fits 64 bits;
    /// one byte scan (`JSONNumber.isIntegerLiteral` walks Characters, `Int64(String)` is generic).
    @inline(__always)
    static func parseInteger(_ text: String) -> (isInteger: Bool, value: Int64?) {
        let scanned: (Bool, Int64?)? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            var negative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            guard i < bytes.count else { return (false, nil) }
            var magnitude: UInt64 = 0
            var overflow = false
            while i < bytes.count {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return (false, nil) }
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
                overflow = overflow || o1 || o2
                magnitude = sum
                i += 1
            }
            if overflow { return (true, nil) }
            if negative { return magnitude <= UInt64(Int64.max) + 1 ? (true, Int64(truncatingIfNeeded: 0 &- magnitude)) : (true, nil) }
            return magnitude <= UInt64(Int64.max) ? (true, Int64(magnitude)) : (true, nil)
        }
        if let scanned { return scanned }
        let isInteger = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        return (isInteger, isInteger ? Int64(text) : nil)
    }

    /// `long (timestamp-millis)`, `record com.example.Money`, `union [null, string]`.
    func describeExpected(_ node: Int) -> String {
        let schemaNode = plan.schema.nodes[node]
        var text: String
        switch schemaNode.type {
        case .record(let r): text = "record \(r.name.fullName)"
        case .enumeration(let e): text = "enum \(e.name.fullName)"
        case .fixed(let f): text = "fixed \(f.name.fullName) (\(f.size) bytes)"
        case .union(let branches):
            text = "union [" + branches.map { branch in
                let node = plan.schema.nodes[branch]
                return node.type.name?.fullName ?? (node.type.specName + (node.logicalType.map { " (\($0.name))" } ?? ""))
            }.joined(separator: ", ") + "]"
        default: text = schemaNode.type.specName
        }
        if let logical = schemaNode.logicalType {
            if case .decimal(let precision, let scale) = logical {
                text += " (decimal(\(precision),\(scale)))"
            } else {
                text += " (\(logical.name))"
            }
        }
        return text
    }

    /// A number's text as messages show it: long ones cut to their first digits and their length, so a hostile
    /// 5 MB number does not become a 5 MB message.
    static func shortened(number text: String) -> String {
        let limit = 40
        guard text.utf8.count > limit else { return text }
        return String(text.prefix(24)) + "… (\(text.utf8.count) characters)"
    }

    /// `string "2024-01-01T…"`, `number 1.5`, `object`, `null`.
    func describeFound(_ json: JSONNode) -> String {
        switch json.value {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return "number \(Self.shortened(number: n.text))"
        case .string(let s):
            let limit = 24
            let shown = s.count > limit ? String(s.prefix(limit)) + "…" : s
            return "string " + JSONWriter.quoted(shown)
        case .array(let items): return "array of \(items.count) items"
        case .object(let members): return members.isEmpty ? "empty object" : "object with members " + members.prefix(5).map { "\"\($0.key)\"" }.joined(separator: ", ") + (members.count > 5 ? ", …" : "")
        }
    }

    /// The candidate within a small edit distance, for "did you mean" hints.
    func closestName(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let c = Array(candidate.lowercased().unicodeScalars)
            var previous = Array(0...c.count)
            for (i, a) in target.enumerated() {
                var current = [i + 1] + [Int](repeating: 0, count: c.count)
                for (j, b) in c.enumerated() {
                    current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
                }
                previous = current
            }
            let distance = previous[c.count]
            if distance <= Swift.max(1, Swift.min(3, c.count / 3)), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }
}

/// The fields of one record seen so far: a bit mask, spilling to an array only for records of more than 64 fields.
struct FieldSet {
    var bits: UInt64 = 0
    var overflow: [Bool]

    init(count: Int) { overflow = count > 64 ? [Bool](repeating: false, count: count) : [] }

    @inline(__always)
    mutating func insert(_ index: Int) {
        if index < 64 { bits |= 1 << UInt64(index) } else { overflow[index] = true }
    }

    @inline(__always)
    func contains(_ index: Int) -> Bool {
        index < 64 ? bits & (1 << UInt64(index)) != 0 : overflow[index]
    }
}
