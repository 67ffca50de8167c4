/// Writes `AvroValue`s as JSON (plain or Avro JSON encoding) for one schema.
public struct AvroJSONWriter: Sendable {
    /// The schema values follow.
    public let schema: AvroSchema
    /// The JSON reading used.
    public let encoding: AvroJSONEncoding
    let plan: DatumPlan

    /// Prepares a writer.
    public init(schema: AvroSchema, encoding: AvroJSONEncoding = .plain) {
        self.schema = schema
        self.encoding = encoding
        self.plan = DatumPlan(schema)
    }

    /// The value as JSON; throws when it does not have the schema's shape.
    public func write(_ value: AvroValue) throws(AvroEncodingError) -> JSONValue {
        do throws(EncodingFailure) {
            return try json(value, plan.root)
        } catch {
            throw AvroEncodingError(path: DatumPath.render(error.reversedPath.reversed()), message: error.message)
        }
    }

    /// The value as JSON text (compact unless `style` says otherwise).
    public func text(_ value: AvroValue, style: JSONWriter.Style = .compact) throws(AvroEncodingError) -> String {
        JSONWriter(style: style).write(try write(value))
    }

    func json(_ value: AvroValue, _ node: Int) throws(EncodingFailure) -> JSONValue {
        let op = plan.ops[node]
        switch (op.kind, value) {
        case (.null, .null): return .null
        case (.boolean, .boolean(let b)): return .bool(b)
        case (.int, .int(let v)): return .number(JSONNumber(Int64(v)))
        case (.long, .long(let v)): return .number(JSONNumber(v))
        case (.float, .float(let v)): return floating(Double(v), text: v.isFinite ? String(v) : "")
        case (.double, .double(let v)): return floating(v, text: v.isFinite ? String(v) : "")
        case (.string, .string(let s)): return .string(s)
        case (.bytes, .bytes(let b)): return .string(Self.codePoints(b))
        case (.fixed, .fixed(let b)):
            guard b.count == Int(op.a) else { throw EncodingFailure(message: "fixed value has \(b.count) bytes, the schema's size is \(op.a)") }
            return .string(Self.codePoints(b))
        case (.enumeration, .enumeration(let index, _)):
            guard index >= 0, index < Int(op.b) else { throw EncodingFailure(message: "enum index \(index) out of range (\(op.b) symbols)") }
            return .string(plan.symbols[Int(op.a)][index])
        case (.record, .record(let fields)):
            let start = Int(op.a), count = Int(op.b)
            guard fields.count == count else {
                throw EncodingFailure(message: "record has \(fields.count) field values, the schema has \(count) fields")
            }
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(count)
            for i in 0..<count {
                do throws(EncodingFailure) {
                    members.append((plan.childNames[start + i], try json(fields[i], Int(plan.children[start + i]))))
                } catch {
                    var failure = error
                    failure.reversedPath.append(.field(plan.childNames[start + i]))
                    throw failure
                }
            }
            return .object(JSONObject(members))
        case (.array, .array(let items)):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                do throws(EncodingFailure) { out.append(try json(item, Int(op.a))) } catch {
                    var failure = error
                    failure.reversedPath.append(.index(i))
                    throw failure
                }
            }
            return .array(out)
        case (.map, .map(let entries)):
            // Binary maps may repeat a key; JSON objects cannot: the last value wins, in the first key's place.
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(entries.count)
            var indexOfKey: [String: Int] = [:]
            for entry in entries {
                let value: JSONValue
                do throws(EncodingFailure) { value = try json(entry.value, Int(op.a)) } catch {
                    var failure = error
                    failure.reversedPath.append(.key(entry.key))
                    throw failure
                }
                if let existing = indexOfKey[entry.key] {
                    members[existing].value = value
                } else {
                    indexOfKey[entry.key] = members.count
                    members.append((entry.key, value))
                }
            }
            return .object(JSONObject(members))
        case (.union, .union(let branch, let inner)):
            guard branch >= 0, branch < Int(op.b) else { throw EncodingFailure(message: "union branch \(branch) out of range (\(op.b) branches)") }
            let child = Int(plan.children[Int(op.a) + branch])
            let body = try json(inner, child)
            if encoding == .plain || plan.ops[child].kind == .null { return body }
            return .object(JSONObject([(plan.childNames[Int(op.a) + branch], body)]))
        default:
            throw EncodingFailure(message: "expected \(op.kind.specName) but found \(value.kindName) value")
        }
    }

    /// Finite numbers as their shortest literal; NaN and infinities as the strings Avro's Java JSON encoder uses.
    func floating(_ value: Double, text: String) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        return .number(JSONNumber(text: text))
    }

    /// Bytes as a string of code points 0-255, one per byte.
    static func codePoints(_ bytes: [UInt8]) -> String {
        var text = String()
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }
}
