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

    init(plan: JSONDatumPlan, encoding: AvroJSONEncoding, collect: Bool, build: Bool) {
        self.plan = plan
        self.encoding = encoding
        self.collect = collect
        self.build = build
    }

    mutating func report(_ kind: DatumProblem.Kind, _ json: JSONNode, expected: String, found: String, message: String, position: TextPosition? = nil) {
        guard collect else { return }
        let at = position ?? json.position
        problems.append(DatumProblem(
            kind: kind, components: path, position: at.line > 0 ? at : nil, expected: expected, found: found, message: message))
    }

    mutating func mismatch(_ json: JSONNode, _ node: Int) -> AvroValue? {
        if collect {
            let expected = describeExpected(node), found = describeFound(json)
            report(.typeMismatch, json, expected: expected, found: found, message: "expected \(expected) but found \(found)")
        }
        return nil
    }

    mutating func walk(_ json: JSONNode, _ node: Int) -> AvroValue? {
        let op = plan.plan.ops[node]
        switch op.kind {
        case .null:
            guard case .null = json.value else { return mismatch(json, node) }
            return .null
        case .boolean:
            guard case .bool(let b) = json.value else { return mismatch(json, node) }
            return .boolean(b)
        case .int, .long:
            guard case .number(let number) = json.value, number.isIntegerLiteral else { return mismatch(json, node) }
            guard let value = Int64(number.text), op.kind == .long || Int32(exactly: value) != nil else {
                if collect {
                    let expected = describeExpected(node)
                    let bits = op.kind == .int ? "32" : "64"
                    report(.outOfRange, json, expected: expected, found: number.text,
                           message: "expected \(expected) but found \(number.text), outside the \(bits)-bit range")
                }
                return nil
            }
            return op.kind == .int ? .int(Int32(truncatingIfNeeded: value)) : .long(value)
        case .float, .double:
            let value: Double
            switch json.value {
            case .number(let number): value = number.double
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
            for (i, element) in items.enumerated() {
                path.append(.index(i))
                let value = walk(element, item)
                path.removeLast()
                if let value {
                    if build { values.append(value) }
                } else {
                    ok = false
                    if !collect { return nil }
                }
            }
            return ok ? (build ? .array(values) : .null) : nil
        case .map:
            guard case .object(let members) = json.value else { return mismatch(json, node) }
            let item = Int(op.a)
            var entries: [AvroMapEntry] = []
            if build { entries.reserveCapacity(members.count) }
            var ok = true
            for member in members {
                path.append(.key(member.key))
                let value = walk(member.value, item)
                path.removeLast()
                if let value {
                    if build { entries.append(AvroMapEntry(key: member.key, value: value)) }
                } else {
                    ok = false
                    if !collect { return nil }
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
        let names = plan.plan.childNames
        var fields: [AvroValue] = []
        if build { fields = [AvroValue](repeating: .null, count: count) }
        var seen = [Bool](repeating: false, count: count)
        var ok = true
        for (position, member) in members.enumerated() {
            // Examples usually follow schema order: try the member's own position first.
            var index = -1
            if position < count, names[start + position] == member.key {
                index = position
            } else {
                for i in 0..<count where names[start + i] == member.key {
                    index = i
                    break
                }
            }
            guard index >= 0 else {
                ok = false
                if !collect { return nil }
                path.append(.field(member.key))
                let candidates = (0..<count).map { names[start + $0] }
                var message = "unknown field \"\(member.key)\" in \(describeExpected(node))"
                if let suggestion = closestName(to: member.key, among: candidates) { message += " (did you mean \"\(suggestion)\"?)" }
                message += "; its fields are \(candidates.joined(separator: ", "))"
                report(.unknownField, json, expected: "a field of \(describeExpected(node))", found: "\"\(member.key)\"",
                       message: message, position: member.keyPosition)
                path.removeLast()
                continue
            }
            seen[index] = true
            path.append(.field(member.key))
            let value = walk(member.value, Int(plan.plan.children[start + index]))
            path.removeLast()
            if let value {
                if build { fields[index] = value }
            } else {
                ok = false
                if !collect { return nil }
            }
        }
        for i in 0..<count where !seen[i] {
            if let fallback = plan.fieldDefaults[start + i] {
                if build { fields[i] = fallback }
                continue
            }
            ok = false
            if !collect { return nil }
            path.append(.field(names[start + i]))
            let fieldType = describeExpected(Int(plan.plan.children[start + i]))
            report(.missingField, json, expected: "field \"\(names[start + i])\" (\(fieldType))", found: "no such member",
                   message: "missing field \"\(names[start + i])\" (\(fieldType)) of \(describeExpected(node)), which has no default")
            path.removeLast()
        }
        return ok ? (build ? .record(fields) : .null) : nil
    }

    mutating func walkUnion(_ json: JSONNode, _ node: Int, _ op: DatumPlan.Op) -> AvroValue? {
        let start = Int(op.a), count = Int(op.b)
        let children = plan.plan.children
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
                for i in 0..<count where plan.plan.ops[Int(children[start + i])].kind == .null {
                    return build ? .union(branch: i, value: .null) : .null
                }
            }
            let branchNames = (0..<count).map { plan.plan.childNames[start + $0] }
            let expected = "union value {\"<branch>\": value} with a branch of \(describeExpected(node))"
            guard case .object(let members) = json.value, members.count == 1 else {
                report(.badUnionTag, json, expected: expected, found: describeFound(json),
                       message: "expected \(expected) but found \(describeFound(json))")
                return nil
            }
            let member = members[0]
            guard let branch = branchNames.firstIndex(of: member.key), plan.plan.ops[Int(children[start + branch])].kind != .null else {
                report(.badUnionTag, json, expected: expected, found: "\"\(member.key)\"",
                       message: "union has no branch \"\(member.key)\"; write one of \(branchNames.filter { $0 != "null" }.joined(separator: ", ")), or null for the null branch",
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
            let branch = Int(plan.plan.children[start + i])
            problems = []
            _ = walk(json, branch)
            tried.append((plan.plan.childNames[start + i], problems, hasShape(json, of: branch)))
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
        switch (plan.plan.ops[node].kind, json.value) {
        case (.null, .null), (.boolean, .bool), (.record, .object), (.map, .object), (.array, .array): true
        case (.int, .number), (.long, .number), (.float, .number), (.double, .number): true
        case (.string, .string), (.bytes, .string), (.fixed, .string), (.enumeration, .string): true
        default: false
        }
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

    /// `string "2024-01-01T…"`, `number 1.5`, `object`, `null`.
    func describeFound(_ json: JSONNode) -> String {
        switch json.value {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return "number \(n.text)"
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
