import HeraldAvro

/// An Avro value written as its types mean it, in the shape of JSON, as HTML-escaped UTF-8: a `decimal` as a decimal
/// number with its scale, other `bytes` and `fixed` as `\x` hex escapes, a `uuid` as is, `date`, `time-*` and
/// `timestamp-*` values as the number with their ISO 8601 form beside it, and strings with any control character or
/// noncharacter as a `\u` escape, so none reaches the page.
///
/// `pretty` puts one member per line and the ISO forms in `//` notes at the line's end (for a `<pre>`); `inline` is
/// compact like JSON and puts them in parentheses (for a field default).
struct DatumView {
    enum Layout { case pretty, inline }

    let schema: AvroSchema
    let layout: Layout

    func html(_ value: AvroValue, _ node: AvroNode.ID) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        if let note = write(value, node, indent: 0, into: &out) { appendNote(note, &out) }
        return out
    }

    /// Writes `value`; a scalar returns its note (the ISO form) for the caller to place after any comma.
    private func write(_ value: AvroValue, _ node: AvroNode.ID, indent: Int, into out: inout [UInt8]) -> String? {
        guard schema.nodes.indices.contains(node) else { return nil }
        let logical = schema.nodes[node].logicalType
        switch value {
        case .null: text("null", &out)
        case .boolean(let flag): text(flag ? "true" : "false", &out)
        case .int(let number):
            text(String(number), &out)
            return note(Int64(number), logical)
        case .long(let number):
            text(String(number), &out)
            return note(number, logical)
        case .float(let number): text(Self.floating(Double(number), String(number)), &out)
        case .double(let number): text(Self.floating(number, String(number)), &out)
        case .string(let string): quoted(string, &out)
        case .enumeration(_, let symbol): quoted(symbol, &out)
        case .bytes(let bytes), .fixed(let bytes):
            switch logical {
            case .decimal(_, let scale)?: text(LogicalValueText.decimal(bytes, scale: scale), &out)
            case .uuid? where bytes.count == 16: text("&quot;" + LogicalValueText.uuid(bytes) + "&quot;", &out)
            case .duration?:
                text("&quot;" + LogicalValueText.hex(bytes) + "&quot;", &out)
                return LogicalValueText.duration(bytes)
            // Hex escapes are the display itself, not JSON: they are not escaped again.
            default: text("&quot;" + LogicalValueText.hex(bytes) + "&quot;", &out)
            }
        case .union(let branch, let inner):
            guard case .union(let branches) = schema.nodes[node].type, branches.indices.contains(branch) else { return nil }
            return write(inner, branches[branch], indent: indent, into: &out)
        case .record(let values):
            guard case .record(let record) = schema.nodes[node].type else { return nil }
            let members = zip(record.fields, values).map { (name: $0.name, node: $0.type, value: $1) }
            container("{", "}", members, indent: indent, &out)
        case .map(let entries):
            guard case .map(let valueNode) = schema.nodes[node].type else { return nil }
            container("{", "}", entries.map { (name: $0.key, node: valueNode, value: $0.value) }, indent: indent, &out)
        case .array(let items):
            guard case .array(let itemNode) = schema.nodes[node].type else { return nil }
            container("[", "]", items.map { (name: nil as String?, node: itemNode, value: $0) }, indent: indent, &out)
        }
        return nil
    }

    private func container(
        _ open: StaticString, _ close: StaticString, _ members: [(name: String?, node: AvroNode.ID, value: AvroValue)],
        indent: Int, _ out: inout [UInt8]
    ) {
        append(open, &out)
        guard !members.isEmpty else {
            append(close, &out)
            return
        }
        for (offset, member) in members.enumerated() {
            let last = offset == members.count - 1
            if layout == .pretty { newline(indent + 1, &out) }
            if let name = member.name {
                quoted(name, &out)
                append(layout == .pretty ? ": " : ":", &out)
            }
            let note = write(member.value, member.node, indent: indent + 1, into: &out)
            if !last { append(",", &out) }
            if let note { appendNote(note, &out) }
        }
        if layout == .pretty { newline(indent, &out) }
        append(close, &out)
    }

    /// The ISO 8601 form of a date, time or timestamp number.
    private func note(_ number: Int64, _ logical: LogicalType?) -> String? {
        switch logical {
        case .date?: LogicalValueText.date(days: number)
        case .timeMillis?: LogicalValueText.time(number, unitsPerSecond: 1000, digits: 3)
        case .timeMicros?: LogicalValueText.time(number, unitsPerSecond: 1_000_000, digits: 6)
        case .timestampMillis?: LogicalValueText.timestamp(number, unitsPerSecond: 1000, digits: 3, utc: true)
        case .timestampMicros?: LogicalValueText.timestamp(number, unitsPerSecond: 1_000_000, digits: 6, utc: true)
        case .timestampNanos?: LogicalValueText.timestamp(number, unitsPerSecond: 1_000_000_000, digits: 9, utc: true)
        case .localTimestampMillis?: LogicalValueText.timestamp(number, unitsPerSecond: 1000, digits: 3, utc: false)
        case .localTimestampMicros?: LogicalValueText.timestamp(number, unitsPerSecond: 1_000_000, digits: 6, utc: false)
        case .localTimestampNanos?: LogicalValueText.timestamp(number, unitsPerSecond: 1_000_000_000, digits: 9, utc: false)
        default: nil
        }
    }

    private func appendNote(_ note: String, _ out: inout [UInt8]) {
        append(layout == .pretty ? "  <span class=\"note\">// " : " <span class=\"note\">(", &out)
        HTMLText.appendEscaped(note, to: &out)
        append(layout == .pretty ? "</span>" : ")</span>", &out)
    }

    /// A JSON string literal, HTML-escaped, with forbidden code points as `\u` escapes.
    private func quoted(_ string: String, _ out: inout [UInt8]) {
        var literal: [UInt8] = []
        JSONWriter.appendString(string, into: &literal)
        literal.withUnsafeBufferPointer { HTMLText.append($0, to: &out, markup: true, forbidden: .jsonEscape) }
    }

    private func text(_ text: String, _ out: inout [UInt8]) { out.append(contentsOf: text.utf8) }

    private func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private func append(_ markup: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: markup.utf8Start, count: markup.utf8CodeUnitCount))
    }

    /// Swift's shortest round-tripping form (`4.9`, `1.0`); the non-finite values, which JSON cannot write, by name.
    private static func floating(_ value: Double, _ description: String) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        return description
    }
}
