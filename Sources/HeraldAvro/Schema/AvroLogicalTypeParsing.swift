import HeraldDiagnostics

extension AvroSchemaBuilder {
    /// Reads a `logicalType` annotation; returns it when valid for `type`, with the attribute keys it consumed (a
    /// mask of `SchemaWord` bits). Invalid and unknown annotations are ignored with a warning and stay in the node's
    /// properties.
    mutating func parseLogicalType(_ node: Int, _ attributes: SchemaAttributes, type: AvroType, pointer: SchemaPointerID) -> (LogicalType?, UInt32) {
        guard attributes.present & SchemaWord.logicalType.bit != 0 else { return (nil, 0) }
        guard let value = attributes[.logicalType] else { return (nil, 0) }
        let at = tape.position(value)
        var attrPointer: String { Self.pointer(text(pointer), "logicalType") }
        guard let name = tape.stringValue(value) else {
            report(AvroSchemaRules.invalidLogicalType, "\"logicalType\" must be a string; the annotation is ignored", at: at, attrPointer,
                   hint: AvroSchemaRules.invalidLogicalType.hint)
            return (nil, 0)
        }
        func invalid(_ reason: String) -> (LogicalType?, UInt32) {
            report(AvroSchemaRules.invalidLogicalType, "logical type \(name) \(reason); it is ignored and the value is read as \(type.name?.fullName ?? type.specName)",
                   at: at, attrPointer, hint: AvroSchemaRules.invalidLogicalType.hint)
            return (nil, 0)
        }
        func on(_ allowed: Bool, _ logical: LogicalType, _ expected: String) -> (LogicalType?, UInt32) {
            allowed ? (logical, SchemaWord.logicalType.bit) : invalid("needs \(expected), not \(type.specName)")
        }
        switch name {
        case "decimal":
            var fixedSize: Int?
            switch type {
            case .bytes: break
            case .fixed(let fixed): fixedSize = fixed.size
            default: return invalid("needs bytes or fixed, not \(type.specName)")
            }
            guard let precisionValue = attributes[.precision] else { return invalid("needs a \"precision\"") }
            guard tape.kind(precisionValue) == .number, case let p = tape.number(precisionValue), p.isIntegerLiteral,
                  let precision = Int32(p.text), precision > 0 else {
                return invalid("needs a positive integer precision, not \(JSONWriter().write(tape.plain(precisionValue)))")
            }
            var scale: Int32 = 0
            if let scaleValue = attributes[.scale] {
                guard tape.kind(scaleValue) == .number, case let s = tape.number(scaleValue), s.isIntegerLiteral,
                      let value = Int32(s.text), value >= 0 else {
                    return invalid("needs a non-negative integer scale, not \(JSONWriter().write(tape.plain(scaleValue)))")
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
            return (.decimal(precision: Int(precision), scale: Int(scale)), SchemaAttributes.mask(.logicalType, .precision, .scale))
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
            return (nil, 0)
        }
    }

    /// The largest decimal precision a fixed of `size` bytes holds: ⌊log10(2^(8·size−1) − 1)⌋, as Java computes it.
    static func maxDecimalPrecision(fixedSize size: Int) -> Int {
        guard size > 0 else { return -1 }
        let bits = Double(8 * min(size, 1 << 20) - 1)
        return Int((0.30102999566398120 * bits).rounded(.down))
    }
}
