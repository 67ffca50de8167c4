import Foundation
import HeraldAvro

/// Writes a `JSONValue` as block-style YAML that YAML 1.1 and 1.2 readers both load back to the same JSON value.
///
/// Strings a reader could take for something else (booleans such as `yes`/`on`, numbers, dates, nulls, text starting
/// with an indicator character) are double-quoted; multi-line text becomes a literal block. Member order is kept, so
/// the output is as deterministic as the value.
public struct YAMLWriter: Sendable {
    public init() {}

    /// The value as a YAML document ending in a newline.
    public func write(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let object) where !object.isEmpty: appendMembers(object, indent: 0, into: &out)
        case .array(let items) where !items.isEmpty: appendItems(items, indent: 0, into: &out)
        default: out += inline(value) + "\n"
        }
        return out
    }

    private func appendMembers(_ object: JSONObject, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in object.members {
            out += pad + YAMLScalar.quotedIfNeeded(key) + ":"
            appendValue(value, indent: indent, into: &out)
        }
    }

    private func appendItems(_ items: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let object) where !object.isEmpty:
                // The first member shares the dash's line; the rest align under it.
                var nested = ""
                appendMembers(object, indent: indent + 2, into: &nested)
                out += pad + "- " + nested.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty:
                out += pad + "-\n"
                appendItems(inner, indent: indent + 2, into: &out)
            case .string(let text) where YAMLScalar.literalBlock(text) != nil:
                out += pad + "-"
                appendString(text, indent: indent, into: &out)
            default:
                out += pad + "- " + inline(item) + "\n"
            }
        }
    }

    /// Writes what follows `key:` (or `-`), including the line break.
    private func appendValue(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let object) where !object.isEmpty:
            out += "\n"
            appendMembers(object, indent: indent + 2, into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            appendItems(items, indent: indent + 2, into: &out)
        case .string(let text):
            appendString(text, indent: indent, into: &out)
        default:
            out += " " + inline(value) + "\n"
        }
    }

    private func appendString(_ text: String, indent: Int, into out: inout String) {
        guard let block = YAMLScalar.literalBlock(text) else {
            out += " " + YAMLScalar.quotedIfNeeded(text) + "\n"
            return
        }
        out += " |" + block.chomping + "\n"
        let pad = String(repeating: " ", count: indent + 2)
        for line in block.lines {
            out += line.isEmpty ? "\n" : pad + line + "\n"
        }
    }

    private func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): YAMLScalar.number(n)
        case .string(let s): YAMLScalar.quotedIfNeeded(s)
        case .array: "[]"
        case .object: "{}"
        }
    }
}

/// Scalar spelling rules shared by keys and values.
enum YAMLScalar {
    /// Words YAML 1.1 or 1.2 readers resolve to booleans or null, compared case-insensitively.
    static let reservedWords: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

    /// Characters allowed after the first in a plain scalar; `:` and `#` are left out so no context can misread them.
    static func isPlainBodyCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", " ", "_", "-", ".", "/", "$", "(", ")", "+", "=", ";", "~", "'", "*", "@", "!", "?", "&", "%", "^", "<", ">":
            return true
        default:
            return false
        }
    }

    /// The text plain when every reader reads it back as this same string, double-quoted otherwise.
    static func quotedIfNeeded(_ text: String) -> String {
        isPlainSafe(text) ? text : doubleQuoted(text)
    }

    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        // A letter, `_`, `$` or `/` can start neither a number, a date, nor an indicator.
        switch first {
        case "a"..."z", "A"..."Z", "_", "$", "/": break
        default: return false
        }
        guard last != " " else { return false }
        guard text.unicodeScalars.allSatisfy(isPlainBodyCharacter) else { return false }
        return !reservedWords.contains(text.lowercased())
    }

    /// A YAML double-quoted scalar; JSON's escapes are valid YAML escapes.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}":
                out += "\\u" + hex4(scalar.value)
            default:
                if !isPrintable(scalar) {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// YAML's printable set, minus the characters some readers take as line breaks or a byte-order mark.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Lines and chomping indicator for a literal block, or nil when the text is better double-quoted
    /// (a single line, leading whitespace on the first line, control characters, or whitespace-only lines).
    static func literalBlock(_ text: String) -> (lines: [Substring], chomping: String)? {
        guard text.contains("\n") else { return nil }
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" { continue }
            if !isPrintable(scalar) { return nil }
        }
        var body = Substring(text)
        var trailingNewlines = 0
        while body.hasSuffix("\n") {
            body = body.dropLast()
            trailingNewlines += 1
        }
        guard !body.isEmpty, let first = body.first, first != " ", first != "\t" else { return nil }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        // Lines of only blanks, or ending in blanks, read back differently in some readers.
        for line in lines where !line.isEmpty && (line.allSatisfy { $0 == " " || $0 == "\t" } || line.hasSuffix(" ") || line.hasSuffix("\t")) {
            return nil
        }
        let chomping: String
        switch trailingNewlines {
        case 0: chomping = "-"
        case 1: chomping = ""
        default:
            chomping = "+"
            lines += Array(repeating: "", count: trailingNewlines - 1)
        }
        return (lines, chomping)
    }

    /// A JSON number literal as YAML: integers and plain decimals as written, anything else normalised
    /// to a form with a dot and a signed exponent, which YAML 1.1 readers also take as a float.
    static func number(_ number: JSONNumber) -> String {
        let text = number.text
        if text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"#, options: .regularExpression) != nil { return text }
        let value = number.double
        guard value.isFinite else { return doubleQuoted(text) }
        var mantissa = value
        var exponent = 0
        if mantissa != 0 {
            exponent = Int(floor(log10(abs(mantissa))))
            mantissa = value / pow(10, Double(exponent))
        }
        var digits = "\(mantissa)"
        if !digits.contains(".") { digits += ".0" }
        return digits + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }
}
