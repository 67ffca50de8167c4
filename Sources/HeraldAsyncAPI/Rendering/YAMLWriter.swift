import HeraldAvro

/// Writes a `JSONValue` as block-style YAML that YAML 1.1 and 1.2 readers both load back to the same JSON value.
///
/// Strings a reader could take for something else (booleans such as `yes`/`on`, numbers, dates, nulls, text starting
/// with an indicator character) are double-quoted; multi-line text becomes a literal block. Member order is kept, so
/// the output is as deterministic as the value. The document is appended to one UTF-8 buffer in a single walk, and
/// each string is scanned once to choose its style, so writing takes time linear in the output.
public struct YAMLWriter: Sendable {
    public init() {}

    /// The value as a YAML document ending in a newline.
    public func write(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as a YAML document ending in a newline to a UTF-8 buffer.
    public func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .object(let object) where !object.isEmpty: appendMembers(object, indent: 0, padFirst: true, into: &out)
        case .array(let items) where !items.isEmpty: appendItems(items, indent: 0, into: &out)
        default:
            appendInline(value, into: &out)
            out.append(YAMLBytes.newline)
        }
    }

    /// One `key:` line at `indent` and its value, as `write` lays out an object member at that depth.
    func appendMember(_ key: String, _ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        YAMLBytes.pad(indent, into: &out)
        YAMLScalar.appendFlow(key, into: &out)
        out.append(YAMLBytes.colon)
        appendValue(value, indent: indent, into: &out)
    }

    /// `key:` lines at `indent`; without `padFirst` the first key continues a `- ` already written.
    private func appendMembers(_ object: JSONObject, indent: Int, padFirst: Bool, into out: inout [UInt8]) {
        let keys = object.keys, values = object.values
        for index in keys.indices {
            if index > 0 || padFirst { YAMLBytes.pad(indent, into: &out) }
            YAMLScalar.appendFlow(keys[index], into: &out)
            out.append(YAMLBytes.colon)
            appendValue(values[index], indent: indent, into: &out)
        }
    }

    private func appendItems(_ items: [JSONValue], indent: Int, into out: inout [UInt8]) {
        for item in items {
            YAMLBytes.pad(indent, into: &out)
            out.append(YAMLBytes.dash)
            switch item {
            case .object(let object) where !object.isEmpty:
                // The first member shares the dash's line; the rest align under it.
                out.append(YAMLBytes.space)
                appendMembers(object, indent: indent + 2, padFirst: false, into: &out)
            case .array(let inner) where !inner.isEmpty:
                out.append(YAMLBytes.newline)
                appendItems(inner, indent: indent + 2, into: &out)
            case .string(let text):
                appendString(text, indent: indent, into: &out)
            default:
                out.append(YAMLBytes.space)
                appendInline(item, into: &out)
                out.append(YAMLBytes.newline)
            }
        }
    }

    /// Writes what follows `key:` (or `-`), including the line break.
    private func appendValue(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .object(let object) where !object.isEmpty:
            out.append(YAMLBytes.newline)
            appendMembers(object, indent: indent + 2, padFirst: true, into: &out)
        case .array(let items) where !items.isEmpty:
            out.append(YAMLBytes.newline)
            appendItems(items, indent: indent + 2, into: &out)
        case .string(let text):
            appendString(text, indent: indent, into: &out)
        default:
            out.append(YAMLBytes.space)
            appendInline(value, into: &out)
            out.append(YAMLBytes.newline)
        }
    }

    /// ` value\n` for a one-line string, ` |<chomping>\n` and indented lines for a literal block.
    func appendString(_ text: String, indent: Int, into out: inout [UInt8]) {
        switch YAMLScalar.style(of: text) {
        case .plain:
            out.append(YAMLBytes.space)
            out.append(contentsOf: text.utf8)
            out.append(YAMLBytes.newline)
        case .doubleQuoted:
            out.append(YAMLBytes.space)
            YAMLScalar.appendDoubleQuoted(text, into: &out)
            out.append(YAMLBytes.newline)
        case .literal(let trailingNewlines):
            YAMLScalar.appendLiteralBlock(text, trailingNewlines: trailingNewlines, indent: indent + 2, into: &out)
        case .literalLines(let lines, let chomping):
            YAMLScalar.appendLiteralLines(lines, chomping: chomping, indent: indent + 2, into: &out)
        }
    }

    private func appendInline(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): YAMLScalar.appendNumber(n, into: &out)
        case .string(let s): YAMLScalar.appendFlow(s, into: &out)
        case .array: out.append(contentsOf: "[]".utf8)
        case .object: out.append(contentsOf: "{}".utf8)
        }
    }
}

/// The bytes the writer emits between scalars.
enum YAMLBytes {
    static let space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")
    static let dash = UInt8(ascii: "-")

    /// Enough spaces for the indentation of any document Herald writes; deeper levels are padded in steps.
    private static let spaces = [UInt8](repeating: space, count: 64)

    /// `count` spaces.
    static func pad(_ count: Int, into out: inout [UInt8]) {
        var remaining = count
        while remaining > 0 {
            let step = min(remaining, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<step])) }
            remaining -= step
        }
    }
}
