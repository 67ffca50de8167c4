/// What a record datum holds in one of its top-level fields, as the produce-time check reads it without building
/// the value: enough to tell whether an event carries its ID.
public enum RootFieldContent: Sendable, Hashable {
    /// A value that is neither null nor an empty string or bytes.
    case present
    /// Null (the null branch of a union, or a null field).
    case null
    /// A string or bytes of length zero.
    case empty
}

/// Where and why a datum failed a check: the path of the value being read, the type expected there, the error.
public struct DatumCheckFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSONPath-style location of the value being read, e.g. `$.totalPrice.amountMinor`.
    public var path: String
    /// The Avro type expected at `path` (`long`, `string`, `union`, …).
    public var expected: String
    /// The decoding error, with its byte offset from the start of the datum.
    public var error: AvroDecodingError

    /// A failure at `path`.
    public init(path: String, expected: String, error: AvroDecodingError) {
        self.path = path
        self.expected = expected
        self.error = error
    }

    /// `$.path: expected long, found end of data at byte 41`, with byte offsets shifted by `offsetBase` (for
    /// data that follows a header, such as Confluent framing).
    public func message(offsetBase: Int = 0) -> String {
        let at = error.offset + offsetBase
        let what: String
        switch error.reason {
        case .truncated: what = "expected \(expected), found end of data at byte \(at)"
        case .trailingBytes(let count):
            what = "\(count) byte\(count == 1 ? "" : "s") left over after the datum ends at byte \(at)"
        case .lengthExceedsInput(let length, let remaining):
            let wanted = expected.hasSuffix(" items") || expected.hasSuffix(" entries") ? "\(length) \(expected)" : "\(expected) of length \(length)"
            what = "expected \(wanted), found end of data at byte \(at) (\(remaining) byte\(remaining == 1 ? "" : "s") left)"
        default:
            var text = error.description
            if let colon = text.firstIndex(of: ":") { text = String(text[text.index(after: colon)...].dropFirst()) }
            what = "\(text) at byte \(at)"
        }
        return "\(path): \(what)"
    }

    public var description: String { message() }
}

extension AvroBinaryDecoder {
    /// Verifies that `buffer` holds exactly one datum and reports what the root record's field `field` holds,
    /// without building anything (no allocation): the produce-time check of an event and its ID field.
    /// Returns nil when the schema's root is not a record or has no such field.
    public func checkWhole(_ buffer: UnsafeRawBufferPointer, rootField field: Int) throws(AvroDecodingError) -> RootFieldContent? {
        try plan.ops.withUnsafeBufferPointer { ops throws(AvroDecodingError) -> RootFieldContent? in
            try plan.children.withUnsafeBufferPointer { children throws(AvroDecodingError) -> RootFieldContent? in
                var session = BinaryDecodingSession(
                    cursor: BinaryCursor(buffer, offset: 0), ops: ops, children: children, symbols: plan.symbols, limits: limits)
                let root = ops[plan.root]
                var content: RootFieldContent?
                if root.kind == .record, field >= 0, field < Int(root.b) {
                    try session.enter()
                    let start = Int(root.a)
                    for index in start..<start + Int(root.b) {
                        let node = Int(children[index])
                        if index - start == field {
                            let before = session.cursor.offset
                            try session.skip(node)
                            content = Self.content(of: node, at: before, in: buffer, ops: ops, children: children)
                        } else {
                            try session.skip(node)
                        }
                    }
                    session.depth -= 1
                } else {
                    try session.skip(plan.root)
                }
                let end = session.cursor.offset
                guard end == buffer.count else { throw AvroDecodingError(.trailingBytes(buffer.count - end), at: end) }
                return content
            }
        }
    }

    /// The index of the root record's field `name`; nil when the root is not a record or has no such field.
    public func rootFieldIndex(named name: String) -> Int? {
        guard case .record(let record) = schema.rootNode.type else { return nil }
        return record.fieldIndex(named: name)
    }

    /// Re-reads a datum that failed `checkWhole`, tracking the path, and says where and why it fails; nil when it
    /// does not fail. Slower than `checkWhole` (it keeps a path), so it runs only for data already refused.
    public func diagnose(_ buffer: UnsafeRawBufferPointer) -> DatumCheckFailure? {
        plan.ops.withUnsafeBufferPointer { ops in
            plan.children.withUnsafeBufferPointer { children in
                var session = BinaryDecodingSession(
                    cursor: BinaryCursor(buffer, offset: 0), ops: ops, children: children, symbols: plan.symbols, limits: limits)
                var tracer = PathTracer(names: plan.childNames)
                do throws(AvroDecodingError) {
                    try tracer.skip(plan.root, session: &session)
                } catch {
                    return DatumCheckFailure(path: DatumPath.render(tracer.path), expected: tracer.expected, error: error)
                }
                let end = session.cursor.offset
                guard end == buffer.count else {
                    return DatumCheckFailure(path: "$", expected: "end of data", error: AvroDecodingError(.trailingBytes(buffer.count - end), at: end))
                }
                return nil
            }
        }
    }

    /// What a value already checked to be well-formed holds, read from its first byte.
    static func content(of node: Int, at offset: Int, in buffer: UnsafeRawBufferPointer,
                                ops: UnsafeBufferPointer<DatumPlan.Op>, children: UnsafeBufferPointer<Int32>) -> RootFieldContent {
        var cursor = BinaryCursor(buffer, offset: offset)
        switch ops[node].kind {
        case .null: return .null
        case .string, .bytes: return (try? cursor.readLong()) == 0 ? .empty : .present
        case .union:
            guard let branch = try? cursor.readLong() else { return .present }
            let child = Int(children[Int(ops[node].a) + Int(branch)])
            return content(of: child, at: cursor.offset, in: buffer, ops: ops, children: children)
        default: return .present
        }
    }
}

/// `BinaryDecodingSession.skip` with a path: pushes a component on the way down and pops it on the way up, so that
/// after an error `path` leads to the value being read and `expected` names its type.
private struct PathTracer {
    let names: [String]
    var path: [DatumPath.Component] = []
    var expected = ""

    mutating func skip(_ node: Int, session: inout BinaryDecodingSession) throws(AvroDecodingError) {
        let op = session.ops[node]
        expected = op.kind == .union ? "union branch index" : op.kind.specName
        switch op.kind {
        case .record:
            try session.enter()
            let start = Int(op.a)
            for index in start..<start + Int(op.b) {
                path.append(.field(names[index]))
                try skip(Int(session.children[index]), session: &session)
                path.removeLast()
            }
            session.depth -= 1
        case .union:
            try session.enter()
            let start = session.cursor.offset
            let index = try session.cursor.readLong()
            guard index >= 0, index < Int64(op.b) else {
                throw AvroDecodingError(.unionIndexOutOfRange(index, branches: Int(op.b)), at: start)
            }
            try skip(Int(session.children[Int(op.a) + Int(index)]), session: &session)
            session.depth -= 1
        case .array, .map:
            try session.enter()
            let item = Int(op.a)
            let isMap = op.kind == .map
            let minSize = Int(session.ops[item].minSize) + (isMap ? 1 : 0)
            var position = 0
            while true {
                expected = isMap ? "map entries" : "array items"
                let count = try session.nextBlock(itemMinSize: minSize)
                if count == 0 { break }
                for _ in 0..<count {
                    if isMap {
                        expected = "map key"
                        let key = try session.cursor.readString(limit: session.limits.maxStringLength)
                        path.append(.key(key))
                    } else {
                        path.append(.index(position))
                    }
                    try skip(item, session: &session)
                    path.removeLast()
                    position += 1
                }
            }
            session.depth -= 1
        default:
            try session.skip(node)
        }
    }
}
