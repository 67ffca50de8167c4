import HeraldDiagnostics

extension AvroSchemaBuilder {
    /// Reads a `logicalType` annotation; returns it when valid for `type`, with the attribute keys it consumed.
    /// Invalid and unknown annotations are ignored with a warning and stay in the node's properties.
    mutating func parseLogicalType(_ node: JSONNode, type: AvroType, pointer: SchemaPointerID) -> (LogicalType?, [String]) {
        guard let member = node["logicalType"] else { return (nil, []) }
        let at = member.value.position
        var attrPointer: String { Self.pointer(text(pointer), "logicalType") }
        guard case .string(let name) = member.value.value else {
            report(AvroSchemaRules.invalidLogicalType, "\"logicalType\" must be a string; the annotation is ignored", at: at, attrPointer,
                   hint: AvroSchemaRules.invalidLogicalType.hint)
            return (nil, [])
        }
        func invalid(_ reason: String) -> (LogicalType?, [String]) {
            report(AvroSchemaRules.invalidLogicalType, "logical type \(name) \(reason); it is ignored and the value is read as \(type.name?.fullName ?? type.specName)",
                   at: at, attrPointer, hint: AvroSchemaRules.invalidLogicalType.hint)
            return (nil, [])
        }
        func on(_ allowed: Bool, _ logical: LogicalType, _ expected: String) -> (LogicalType?, [String]) {
            allowed ? (logical, ["logicalType"]) : invalid("needs \(expected), not \(type.specName)")
        }
        switch name {
        case "decimal":
            var fixedSize: Int?
            switch type {
            case .bytes: break
            case .fixed(let fixed): fixedSize = fixed.size
            default: return invalid("needs bytes or fixed, not \(type.specName)")
            }
            guard let precisionMember = node["precision"] else { return invalid("needs a \"precision\"") }
            guard case .number(let p) = precisionMember.value.value, p.isIntegerLiteral, let precision = Int32(p.text), precision > 0 else {
                return invalid("needs a positive integer precision, not \(JSONWriter().write(precisionMember.value.plain))")
            }
            var scale: Int32 = 0
            if let scaleMember = node["scale"] {
                guard case .number(let s) = scaleMember.value.value, s.isIntegerLiteral, let value = Int32(s.text), value >= 0 else {
                    return invalid("needs a non-negative integer scale, not \(JSONWriter().write(scaleMember.value.plain))")
                }
                scale = value
            }
            if scale > precision { return invalid("has scale \(scale) greater than precision \(precision)") }
            if let fixedSize {
                let maxPrecision = Self.maxDecimalPrecision(fixedSize: fixedSize)
                if Int(precision) > maxPrecision {
                    return invalid("has precision \(precision), more than a fixed of size \(fixedSize) holds (\(max(maxPrecision, 0)))")
                }
            }
            return (.decimal(precision: Int(precision), scale: Int(scale)), ["logicalType", "precision", "scale"])
        case "big-decimal":
            return on(type == .bytes, .bigDecimal, "bytes")
        case "uuid":
            var ok = type == .string
            if case .fixed(let fixed) = type, fixed.size == 16 { ok = true }
            return on(ok, .uuid, "string or fixed of size 16")
        case "date": return on(type == .int, .date, "int")
        case "time-millis": return on(type == .int, .timeMillis, "int")
        case "time-micros": return on(type == .long, .timeMicros, "long")
        case "timestamp-millis": return on(type == .long, .timestampMillis, "long")
        case "timestamp-micros": return on(type == .long, .timestampMicros, "long")
        case "timestamp-nanos": return on(type == .long, .timestampNanos, "long")
        case "local-timestamp-millis": return on(type == .long, .localTimestampMillis, "long")
        case "local-timestamp-micros": return on(type == .long, .localTimestampMicros, "long")
        case "local-timestamp-nanos": return on(type == .long, .localTimestampNanos, "long")
        case "duration":
            var ok = false
            if case .fixed(let fixed) = type, fixed.size == 12 { ok = true }
            return on(ok, .duration, "fixed of size 12")
        default:
            report(AvroSchemaRules.unknownLogicalType, "unknown logical type \"\(name)\"; the value is read as \(type.name?.fullName ?? type.specName)",
                   at: at, attrPointer)
            return (nil, [])
        }
    }

    /// The largest decimal precision a fixed of `size` bytes holds: ⌊log10(2^(8·size−1) − 1)⌋, as Java computes it.
    static func maxDecimalPrecision(fixedSize size: Int) -> Int {
        guard size > 0 else { return -1 }
        let bits = Double(8 * min(size, 1 << 20) - 1)
        return Int((0.30102999566398120 * bits).rounded(.down))
    }
}
