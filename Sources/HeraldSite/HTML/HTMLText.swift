import Foundation
/// Escaping for text placed in HTML: template variables, and markup built outside the templates (SVG, schema trees).
///
/// Besides `& < > " '`, the code points HTML forbids in a document never get through: control characters other than
/// tab, line feed and carriage return (C0, DEL, C1) and noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF). Text shows
/// each as U+FFFD; code that shows data (`DatumView`, `appendEscapedSource`) writes them as visible `\u` escapes
/// instead.
public enum HTMLText {
    /// `text` with `& < > " '` replaced by entities and forbidden code points by U+FFFD.
    public static func escape(_ text: String) -> String {
        var bytes = text
        let escaped: [UInt8]? = bytes.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            appendEscaped(bytes, to: &out)
            return out
        }
        return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// Markup made elsewhere (rendered Markdown) with forbidden code points replaced by U+FFFD and nothing else changed.
    public static func withoutForbiddenCodePoints(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            guard bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            append(bytes, to: &out, markup: false, forbidden: .replacement)
            return String(decoding: out, as: UTF8.self)
        } ?? html
    }

    /// Appends `text` escaped to UTF-8 `out`.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    /// Appends `bytes` escaped to `out`, copying runs without special characters at once.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        append(bytes, to: &out, markup: true, forbidden: .replacement)
    }

    /// Appends source text (an example's JSON as written) escaped, with each forbidden code point as a JSON `\uXXXX`
    /// escape: the characters can only stand in JSON strings, so the text shown means what the file means.
    static func appendEscapedSource(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, to: &out, markup: true, forbidden: .jsonEscape) }
    }

    /// What a forbidden code point becomes.
    enum Forbidden { case replacement, jsonEscape }

    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], markup: Bool, forbidden: Forbidden) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard needsEscape(byte) else {
                index += 1
                continue
            }
            var length = 1
            var codePoint: UInt32?
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard markup else {
                    index += 1
                    continue
                }
            case 0x00..<0x20, 0x7F:
                codePoint = UInt32(byte)
            default:
                // A lead byte that may start a forbidden multi-byte sequence.
                (length, codePoint) = forbiddenSequence(bytes, at: index)
                if codePoint == nil {
                    index += max(length, 1)
                    continue
                }
            }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            if let codePoint {
                switch forbidden {
                case .replacement: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                case .jsonEscape: appendJSONEscape(codePoint, to: &out)
                }
            } else {
                switch byte {
                case UInt8(ascii: "&"): append("&amp;", to: &out)
                case UInt8(ascii: "<"): append("&lt;", to: &out)
                case UInt8(ascii: ">"): append("&gt;", to: &out)
                case UInt8(ascii: "\""): append("&quot;", to: &out)
                default: append("&#39;", to: &out)
                }
            }
            index += length
            runStart = index
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// The length of the UTF-8 sequence at `index` and its code point when HTML forbids it (nil otherwise).
    static func forbiddenSequence(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, UInt32?) {
        let lead = bytes[index]
        func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[index + offset] & 0x3F)
        }
        switch lead {
        case 0xC2:
            guard let second = continuation(1) else { return (1, nil) }
            let codePoint = 0x80 | second
            return (2, codePoint < 0xA0 ? codePoint : nil)
        case 0xEF:
            guard let second = continuation(1), let third = continuation(2) else { return (1, nil) }
            let codePoint = 0xF000 | second << 6 | third
            let forbidden = (0xFDD0...0xFDEF).contains(codePoint) || codePoint & 0xFFFE == 0xFFFE
            return (3, forbidden ? codePoint : nil)
        case 0xF0...0xF4:
            guard let second = continuation(1), let third = continuation(2), let fourth = continuation(3) else { return (1, nil) }
            let codePoint = UInt32(lead & 0x07) << 18 | second << 12 | third << 6 | fourth
            return (4, codePoint & 0xFFFE == 0xFFFE ? codePoint : nil)
        default:
            return (1, nil)
        }
    }

    /// `\u0096`, or a surrogate pair of escapes above the BMP.
    static func appendJSONEscape(_ codePoint: UInt32, to out: inout [UInt8]) {
        func unit(_ value: UInt32) {
            let hex: StaticString = "0123456789abcdef"
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex.utf8Start[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        if codePoint < 0x10000 {
            unit(codePoint)
        } else {
            let offset = codePoint - 0x10000
            unit(0xD800 + (offset >> 10))
            unit(0xDC00 + (offset & 0x3FF))
        }
    }

    @inline(__always) private static func append(_ entity: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
    }

    /// Bytes that may need escaping: the five markup characters, control characters, and lead bytes of sequences that
    /// may be forbidden code points (C1 controls, noncharacters). Most text is ASCII letters: two comparisons.
    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool {
        if byte < 0x3F {
            return byte < 0x20 ? (byte != 0x0A && byte != 0x09 && byte != 0x0D)
                : (byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27)
        }
        return byte >= 0x7F && (byte == 0x7F || byte == 0xC2 || byte >= 0xEF)
    }
}
