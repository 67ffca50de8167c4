import Foundation
import HeraldAvro

/// Scalar spelling rules shared by keys and values, decided in one pass over a string's UTF-8 bytes.
enum YAMLScalar {
    /// How a string is written.
    enum Style {
        /// As it is: every reader reads it back as this same string.
        case plain
        /// Double-quoted with JSON-style escapes.
        case doubleQuoted
        /// A literal block (`|`) of ASCII text ending in this many line breaks.
        case literal(trailingNewlines: Int)
        /// A literal block of text with non-ASCII characters, as lines and a chomping indicator.
        case literalLines([Substring], chomping: String)
    }

    /// The style of a string in a flow position (a key, a sequence item written inline): plain or double-quoted.
    static func appendFlow(_ text: String, into out: inout [UInt8]) {
        if isPlainSafe(text) {
            out.append(contentsOf: text.utf8)
        } else {
            appendDoubleQuoted(text, into: &out)
        }
    }

    /// Plain when safe, a literal block for multi-line text that keeps its shape, double-quoted otherwise.
    static func style(of text: String) -> Style {
        if let known = text.utf8.withContiguousStorageIfAvailable({ style(ofBytes: $0, text: text) }) { return known }
        return Array(text.utf8).withUnsafeBufferPointer { style(ofBytes: $0, text: text) }
    }

    /// True when the text is plain-safe: it starts with a letter, `_`, `$` or `/` (which start neither a number, a
    /// date nor an indicator), holds only plain body characters, does not end in a space and is no reserved word.
    static func isPlainSafe(_ text: String) -> Bool {
        if let known = text.utf8.withContiguousStorageIfAvailable({ isPlainSafe(bytes: $0) }) { return known }
        return Array(text.utf8).withUnsafeBufferPointer { isPlainSafe(bytes: $0) }
    }

    static func isPlainSafe(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isPlainStart(first), last != UInt8(ascii: " ") else { return false }
        for byte in bytes where !isPlainBody(byte) { return false }
        return !isReservedWord(bytes)
    }

    private static func style(ofBytes bytes: UnsafeBufferPointer<UInt8>, text: String) -> Style {
        if isPlainSafe(bytes: bytes) { return .plain }
        // Literal block candidates: a line break, nothing but printable characters, tabs and line breaks.
        var sawNewline = false
        var ascii = true
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == newline {
                sawNewline = true
            } else if byte < 0x20 && byte != tab || byte == 0x7F {
                return .doubleQuoted
            } else if byte >= 0x80 {
                ascii = false
                if byte == 0xC2 || byte == 0xE2 || byte == 0xEF, unprintableLength(bytes, at: index) > 0 { return .doubleQuoted }
            }
            index += 1
        }
        guard sawNewline else { return .doubleQuoted }
        if !ascii {
            // A line break can join the next character (a combining mark) into one: decide on characters.
            guard let block = literalBlockOnCharacters(text) else { return .doubleQuoted }
            return .literalLines(block.lines, chomping: block.chomping)
        }
        var bodyEnd = count
        while bodyEnd > 0, bytes[bodyEnd - 1] == newline { bodyEnd -= 1 }
        let trailing = count - bodyEnd
        guard bodyEnd > 0 else { return .doubleQuoted }
        // A blank at the start of the text, or at the end of a line, reads back differently in some readers.
        var suspicious = bytes[0] == UInt8(ascii: " ") || bytes[0] == tab
        var lineStart = 0
        for position in 0...bodyEnd where position == bodyEnd || bytes[position] == newline {
            if position > lineStart, bytes[position - 1] == UInt8(ascii: " ") || bytes[position - 1] == tab { suspicious = true }
            lineStart = position + 1
        }
        return suspicious ? .doubleQuoted : .literal(trailingNewlines: trailing)
    }

    /// Lines and chomping indicator of a literal block, split on characters, or nil when the text is better
    /// double-quoted (leading whitespace on the first line, or lines of or ending in blanks).
    private static func literalBlockOnCharacters(_ text: String) -> (lines: [Substring], chomping: String)? {
        guard text.contains("\n") else { return nil }
        var body = Substring(text)
        var trailingNewlines = 0
        while body.hasSuffix("\n") {
            body = body.dropLast()
            trailingNewlines += 1
        }
        guard let first = body.first, first != " ", first != "\t" else { return nil }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
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

    /// ` |<chomping>` and lines at `indent`; blank lines stay empty.
    static func appendLiteralLines(_ lines: [Substring], chomping: String, indent: Int, into out: inout [UInt8]) {
        out.append(contentsOf: " |".utf8)
        out.append(contentsOf: chomping.utf8)
        out.append(newline)
        for line in lines {
            if !line.isEmpty {
                YAMLBytes.pad(indent, into: &out)
                out.append(contentsOf: line.utf8)
            }
            out.append(newline)
        }
    }

    /// ` |<chomping>` and the text's lines at `indent`; blank lines stay empty.
    static func appendLiteralBlock(_ text: String, trailingNewlines: Int, indent: Int, into out: inout [UInt8]) {
        out.append(contentsOf: " |".utf8)
        switch trailingNewlines {
        case 0: out.append(UInt8(ascii: "-"))
        case 1: break
        default: out.append(UInt8(ascii: "+"))
        }
        out.append(newline)
        let utf8 = Array(text.utf8)
        let bodyEnd = utf8.count - trailingNewlines
        var lineStart = 0
        for position in 0...bodyEnd where position == bodyEnd || utf8[position] == newline {
            if position > lineStart {
                YAMLBytes.pad(indent, into: &out)
                out.append(contentsOf: utf8[lineStart..<position])
            }
            out.append(newline)
            lineStart = position + 1
        }
        for _ in 0..<max(0, trailingNewlines - 1) { out.append(newline) }
    }

    /// A YAML double-quoted scalar; JSON's escapes are valid YAML escapes.
    static func appendDoubleQuoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ appendDoubleQuotedBody($0, into: &out) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendDoubleQuotedBody($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The escaped text between the quotes; runs of bytes needing no escape are copied whole.
    private static func appendDoubleQuotedBody(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            let escape: Bool
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0..<0x20, 0x7F, 0xC2, 0xE2, 0xEF: escape = true
            default: escape = false
            }
            if !escape {
                index += 1
                continue
            }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case newline: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case tab: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20, 0x7F: appendEscape(UInt32(byte), into: &out)
            default:
                // Lead bytes of the few non-ASCII scalars YAML readers do not take as printable.
                if let scalar = unprintableScalar(Array(bytes[index..<min(count, index + 3)])) {
                    appendEscape(scalar.value, into: &out)
                    index += scalar.length
                    runStart = index
                    continue
                }
                out.append(byte)
            }
            index += 1
            runStart = index
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    /// `\uXXXX` with four lower-case hex digits (every scalar escaped here is below U+10000).
    private static func appendEscape(_ value: UInt32, into out: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    /// The byte length of an unprintable scalar starting at `index`, or 0. YAML's printable set is taken minus the
    /// characters some readers take as line breaks (U+0085, U+2028, U+2029) or a byte-order mark (U+FEFF).
    private static func unprintableLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let end = min(bytes.count, index + 3)
        return unprintableScalar(Array(bytes[index..<end]))?.length ?? 0
    }

    /// The unprintable non-ASCII scalar the UTF-8 bytes start with: U+0080–U+009F, U+2028, U+2029, U+FEFF, U+FFFE,
    /// U+FFFF (every other valid non-ASCII scalar is printable).
    private static func unprintableScalar(_ bytes: [UInt8]) -> (value: UInt32, length: Int)? {
        guard let lead = bytes.first else { return nil }
        switch lead {
        case 0xC2:
            if bytes.count >= 2, bytes[1] >= 0x80, bytes[1] <= 0x9F { return (UInt32(bytes[1]), 2) }
        case 0xE2:
            if bytes.count >= 3, bytes[1] == 0x80, bytes[2] == 0xA8 || bytes[2] == 0xA9 { return (0x2000 + UInt32(bytes[2] - 0x80), 3) }
        case 0xEF:
            if bytes.count >= 3, bytes[1] == 0xBB, bytes[2] == 0xBF { return (0xFEFF, 3) }
            if bytes.count >= 3, bytes[1] == 0xBF, bytes[2] == 0xBE || bytes[2] == 0xBF { return (0xFF00 + UInt32(bytes[2] - 0x80 + 0xC0), 3) }
        default: break
        }
        return nil
    }

    private static let newline = UInt8(ascii: "\n")
    private static let tab = UInt8(ascii: "\t")

    private static func isPlainStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "$"), UInt8(ascii: "/"):
            true
        default: false
        }
    }

    /// Characters allowed after the first in a plain scalar; `:` and `#` are left out so no context can misread them.
    private static func isPlainBody(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: " "), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "$"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: "~"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "&"),
             UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    /// Words YAML 1.1 or 1.2 readers resolve to booleans or null, compared case-insensitively.
    /// The YAML 1.1/1.2 boolean and null words, lower-cased and packed into integers (at most five bytes each).
    private static let reservedWords: [UInt64] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"].map {
        packed(Array($0.utf8))
    }

    /// Up to eight bytes, lower-cased (plain-safe text is ASCII, so setting bit 5 of letters lower-cases them), as one
    /// integer, so a word compares without allocating.
    private static func packed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes {
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            value = value << 8 | UInt64(lowered)
        }
        return value
    }

    private static func isReservedWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 5 else { return false }
        return reservedWords.contains(packed(bytes))
    }

    /// A JSON number literal as YAML: integers and plain decimals as written, anything else normalised
    /// to a form with a dot and a signed exponent, which YAML 1.1 readers also take as a float.
    static func appendNumber(_ number: JSONNumber, into out: inout [UInt8]) {
        let text = number.text
        if isPlainDecimal(Array(text.utf8)) {
            out.append(contentsOf: text.utf8)
            return
        }
        let value = number.double
        guard value.isFinite else { return appendDoubleQuoted(text, into: &out) }
        var mantissa = value
        var exponent = 0
        if mantissa != 0 {
            exponent = Int(floor(log10(abs(mantissa))))
            mantissa = value / pow(10, Double(exponent))
        }
        var digits = "\(mantissa)"
        if !digits.contains(".") { digits += ".0" }
        out.append(contentsOf: (digits + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))).utf8)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, the whole text.
    static func isPlainDecimal(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        guard isDigit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
        }
        return index == bytes.count
    }
}
