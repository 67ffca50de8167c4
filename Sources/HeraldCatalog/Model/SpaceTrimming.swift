extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without leading and trailing spaces: the scalars `trimmingCharacters(in: .whitespaces)` removes
    /// (tab and Unicode space separators), without its Foundation bridging, which costs more than the rest of reading
    /// an event.yaml value.
    var trimmingSpaces: String {
        // Usually both ends are printable ASCII, and nothing is trimmed.
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return String(self)
        }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// A member of `CharacterSet.whitespaces`: tab, the space separators (general category Zs) and, as Foundation
    /// has it, U+200B.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
