/// Checks a field default (a plain JSON value) against a type, per the Avro 1.12 specification.
struct AvroDefaultValidator {
    /// The verdict for one default.
    enum Verdict: Equatable {
        case valid
        /// Only union branch `index` (not the first) accepts it: valid since 1.12, rejected by older readers.
        case validInLaterBranch(Int)
        case invalid
        /// The type contains a part that failed to parse; no verdict.
        case unknown
    }

    let schema: AvroSchema
    let skip: Set<AvroNode.ID>
    /// Union branches multiply the work on deeply nested defaults; past this many steps the verdict is `.unknown`.
    var budget = 200_000

    init(schema: AvroSchema, skip: Set<AvroNode.ID> = []) {
        self.schema = schema
        self.skip = skip
    }

    mutating func check(_ value: JSONValue, against id: AvroNode.ID) -> Verdict {
        budget = 200_000
        guard id >= 0, id < schema.nodes.count, !skip.contains(id) else { return .unknown }
        if case .union(let branches) = schema.nodes[id].type {
            var sawUnknown = false
            for (index, branch) in branches.enumerated() {
                switch matches(value, branch) {
                case true?: return index == 0 ? .valid : .validInLaterBranch(index)
                case nil: sawUnknown = true
                case false?: continue
                }
            }
            return sawUnknown ? .unknown : .invalid
        }
        switch matches(value, id) {
        case true?: return .valid
        case false?: return .invalid
        case nil: return .unknown
        }
    }

    /// True when valid, nil when the type has a failed part.
    mutating func matches(_ value: JSONValue, _ id: AvroNode.ID) -> Bool? {
        guard id >= 0, id < schema.nodes.count, !skip.contains(id), budget > 0 else { return nil }
        budget -= 1
        switch (schema.nodes[id].type, value) {
        case (.null, .null): return true
        case (.boolean, .bool): return true
        case (.int, .number(let n)): return n.isIntegerLiteral && Int32(n.text) != nil
        case (.long, .number(let n)): return n.isIntegerLiteral && Int64(n.text) != nil
        case (.float, .number), (.double, .number): return true
        case (.string, .string): return true
        case (.bytes, .string(let s)): return s.unicodeScalars.allSatisfy { $0.value <= 0xFF }
        case (.fixed(let fixed), .string(let s)):
            return s.unicodeScalars.count == fixed.size && s.unicodeScalars.allSatisfy { $0.value <= 0xFF }
        case (.enumeration(let e), .string(let s)): return e.symbols.contains(s)
        case (.array(let items), .array(let values)):
            var unknown = false
            for item in values {
                switch matches(item, items) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case (.map(let valueType), .object(let object)):
            var unknown = false
            for item in object.values {
                switch matches(item, valueType) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case (.record(let record), .object(let object)):
            var unknown = false
            for field in record.fields {
                if let item = object[field.name] {
                    switch matches(item, field.type) {
                    case false?: return false
                    case nil: unknown = true
                    case true?: break
                    }
                } else if field.defaultValue == nil {
                    return false
                }
            }
            return unknown ? nil : true
        case (.union(let branches), _):
            var unknown = false
            for branch in branches {
                switch matches(value, branch) {
                case true?: return true
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? nil : false
        default:
            return false
        }
    }
}

extension AvroSchema {
    /// True when `value` is a valid default (JSON form) for the node `id`, per the Avro 1.12 spec
    /// (a union default may match any branch).
    public func isValidDefault(_ value: JSONValue, for id: AvroNode.ID) -> Bool {
        var validator = AvroDefaultValidator(schema: self)
        switch validator.check(value, against: id) {
        case .valid, .validInLaterBranch: return true
        case .invalid, .unknown: return false
        }
    }

    /// A short human description of a node's type for messages: `int`, `com.example.Money`, `array<string>`, `union [null, string]`.
    public func typeDescription(_ id: AvroNode.ID) -> String {
        typeDescription(id, depth: 0)
    }

    private func typeDescription(_ id: AvroNode.ID, depth: Int) -> String {
        guard id >= 0, id < nodes.count else { return "?" }
        let node = nodes[id]
        if let name = node.type.name { return name.fullName }
        guard depth < 4 else { return node.type.specName }
        switch node.type {
        case .array(let items): return "array<\(typeDescription(items, depth: depth + 1))>"
        case .map(let values): return "map<\(typeDescription(values, depth: depth + 1))>"
        case .union(let branches): return "union [" + branches.map { typeDescription($0, depth: depth + 1) }.joined(separator: ", ") + "]"
        default:
            if let logical = node.logicalType { return "\(node.type.specName) (\(logical.name))" }
            return node.type.specName
        }
    }
}
