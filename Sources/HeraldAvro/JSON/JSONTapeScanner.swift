extension JSONTape {
    /// Scans UTF-8 bytes into a tape in one pass. Accepts and rejects exactly what `JSONParser` does, with the same
    /// messages and positions; the tape points into `bytes`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) throws(JSONSyntaxError) -> JSONTape {
        // Offsets are 32-bit; a text this large goes through the tree parser instead.
        guard bytes.count < Int(Int32.max) else { return JSONTape(try JSONParser(options: options).parse(bytes)) }
        var scanner = JSONTapeScanner(bytes: bytes, maxDepth: options.maxDepth)
        try scanner.scanDocument()
        var tape = JSONTape(bytes: bytes, tokens: scanner.tokens, decoded: scanner.decoded)
        tape.namedTypeBound = scanner.namedTypeWords
        tape.defaultBound = scanner.defaultWords
        return tape
    }
}

/// The tape scanner's cursor over one buffer; lives only for one `scan` call. Its checks, messages and positions
/// mirror `JSONParser`'s scanner, step for step.
private struct JSONTapeScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var offset = 0
    var depth = 0
    var line = 1
    var lineStart = 0
    // Column cache: columns are asked for in increasing offsets, so counting resumes where it stopped.
    var columnOffset = 0
    var columnValue = 1
    // The offset of the last non-ASCII byte scanned (only strings hold them); on a line without any, the column is
    // just the byte distance from the line start.
    var lastNonASCII = -1
    var tokens: [JSONTape.Token] = []
    var decoded: [String] = []
    // The key tokens of the objects being scanned, innermost last, for the duplicate check.
    var keyStack: [Int] = []
    /// Strings spelling `record`, `error`, `enum` or `fixed`: at least as many as the named types defined.
    var namedTypeWords = 0
    /// Strings spelling `default`: at least as many as the field defaults.
    var defaultWords = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        // One token per 6–7 bytes in schema documents, one per 5 when written without spaces: room for one per 4
        // is one allocation, where a tighter guess grew by doubling and the copies and large allocations were a
        // third of the scan. (Counting the `,` `:` `[` `{` bytes first was exact, but the pass cost as much.)
        tokens.reserveCapacity(bytes.count / 4 + 16)
    }

    // MARK: positions

    mutating func position(at target: Int) -> TextPosition {
        if lastNonASCII < lineStart, target >= lineStart {
            return TextPosition(line: line, column: target - lineStart + 1)
        }
        if columnOffset < lineStart || columnOffset > target {
            columnOffset = lineStart
            columnValue = 1
        }
        var i = columnOffset
        var column = columnValue
        while i < target {
            // Count Unicode scalars: every byte that is not a UTF-8 continuation byte starts one.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnOffset = target
        columnValue = column
        return TextPosition(line: line, column: column)
    }

    mutating func fail(_ message: String, at target: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, position: position(at: min(target ?? offset, bytes.count)))
    }

    /// Appends a token starting at the current offset and returns its index.
    @inline(__always)
    mutating func begin(_ kind: JSONTape.Kind) -> Int {
        let line: Int32, column: Int32
        if lastNonASCII < lineStart {
            line = Int32(truncatingIfNeeded: self.line)
            column = Int32(truncatingIfNeeded: offset - lineStart + 1)
        } else {
            let p = position(at: offset)
            line = Int32(truncatingIfNeeded: p.line)
            column = Int32(truncatingIfNeeded: p.column)
        }
        tokens.append(JSONTape.Token(kind: kind, storage: .ascii, word: JSONTape.Token.noWord, start: 0, count: 0, end: 0, line: line, column: column))
        return tokens.count - 1
    }

    @inline(__always)
    mutating func finish(_ index: Int) {
        tokens[index].end = Int32(truncatingIfNeeded: tokens.count)
    }

    // MARK: document

    mutating func scanDocument() throws(JSONSyntaxError) {
        // A UTF-8 byte order mark may be ignored (RFC 8259 §8.1).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
            columnOffset = 3
        }
        skipWhitespace()
        guard offset < bytes.count else { throw fail("the document is empty; expected a JSON value") }
        try scanValue()
        skipWhitespace()
        if offset < bytes.count {
            throw fail("unexpected \(describe(bytes[offset])) after the JSON value")
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D:
                offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            default:
                return
            }
        }
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "byte 0x" + String(byte, radix: 16, uppercase: true)
        }
    }

    mutating func scanValue() throws(JSONSyntaxError) {
        guard offset < bytes.count else { throw fail("unexpected end of input; expected a JSON value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            try scanObject()
        case UInt8(ascii: "["):
            try scanArray()
        case UInt8(ascii: "\""):
            try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
        case UInt8(ascii: "t"):
            let index = begin(.true)
            try expectLiteral("true")
            finish(index)
        case UInt8(ascii: "f"):
            let index = begin(.false)
            try expectLiteral("false")
            finish(index)
        case UInt8(ascii: "n"):
            let index = begin(.null)
            try expectLiteral("null")
            finish(index)
        case let byte:
            throw fail("unexpected \(describe(byte)); expected a JSON value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for i in 0..<count {
            guard offset + i < bytes.count, bytes[offset + i] == start[i] else {
                throw fail("invalid literal; expected '\(literal)'")
            }
        }
        offset += count
        if offset < bytes.count, isIdentifierByte(bytes[offset]) {
            throw fail("invalid literal; expected '\(literal)'")
        }
    }

    func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth { throw fail("nesting deeper than \(maxDepth) levels") }
    }

    mutating func scanArray() throws(JSONSyntaxError) {
        let index = begin(.array)
        try enter()
        offset += 1  // [
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            finish(index)
            return
        }
        var count: Int32 = 0
        while true {
            skipWhitespace()
            try scanValue()
            count &+= 1
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an array; expected ',' or ']'") }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    throw fail("trailing comma in an array")
                }
            case UInt8(ascii: "]"):
                offset += 1
                depth -= 1
                tokens[index].count = count
                finish(index)
                return
            case let byte:
                throw fail("unexpected \(describe(byte)) in an array; expected ',' or ']'")
            }
        }
    }

    mutating func scanObject() throws(JSONSyntaxError) {
        let index = begin(.object)
        try enter()
        offset += 1  // {
        var seen: Set<String> = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            finish(index)
            return
        }
        let base = keyStack.count
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an object; expected a key") }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(bytes[offset])) in an object; expected a string key")
            }
            let keyOffset = offset
            try scanString()
            let key = tokens.count - 1
            // Small objects are checked by a scan; the set only pays off for wide ones.
            let count = keyStack.count - base
            if count < 12 {
                for i in base..<keyStack.count where sameKey(keyStack[i], key) {
                    throw fail("duplicate key \"\(text(key))\"", at: keyOffset)
                }
                if count == 11 {
                    for i in base..<keyStack.count { seen.insert(text(keyStack[i])) }
                    seen.insert(text(key))
                }
            } else if !seen.insert(text(key)).inserted {
                throw fail("duplicate key \"\(text(key))\"", at: keyOffset)
            }
            keyStack.append(key)
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an object; expected ':'") }
            guard bytes[offset] == UInt8(ascii: ":") else {
                throw fail("unexpected \(describe(bytes[offset])) after an object key; expected ':'")
            }
            offset += 1
            skipWhitespace()
            try scanValue()
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an object; expected ',' or '}'") }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                    throw fail("trailing comma in an object")
                }
            case UInt8(ascii: "}"):
                offset += 1
                depth -= 1
                tokens[index].count = Int32(truncatingIfNeeded: keyStack.count - base)
                keyStack.removeLast(keyStack.count - base)
                finish(index)
                return
            case let byte:
                throw fail("unexpected \(describe(byte)) in an object; expected ',' or '}'")
            }
        }
    }

    /// The text of a string token scanned so far.
    func text(_ index: Int) -> String {
        let token = tokens[index]
        if token.storage == .decoded { return decoded[Int(token.start)] }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.count)]), as: UTF8.self)
    }

    /// Whether two key tokens hold the same text, as `String` equality decides (canonical equivalence included).
    func sameKey(_ a: Int, _ b: Int) -> Bool {
        let x = tokens[a], y = tokens[b]
        if x.storage == .ascii, y.storage == .ascii {
            // Schema keys are nearly all schema words, classified already: the same word is the same text, and a
            // word never equals ASCII text that is no word.
            if x.word != JSONTape.Token.noWord || y.word != JSONTape.Token.noWord { return x.word == y.word }
            guard x.count == y.count else { return false }
            var i = 0
            while i < Int(x.count) {
                if bytes[Int(x.start) + i] != bytes[Int(y.start) + i] { return false }
                i += 1
            }
            return true
        }
        return text(a) == text(b)
    }

    mutating func scanNumber() throws(JSONSyntaxError) {
        let index = begin(.number)
        let start = offset
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid number; expected a digit") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) { throw fail("invalid number; leading zeros are not allowed") }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid number; expected a digit after '.'") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw fail("invalid number; expected a digit in the exponent") }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, isIdentifierByte(bytes[offset]) || bytes[offset] == UInt8(ascii: ".") {
            throw fail("invalid number; unexpected \(describe(bytes[offset]))")
        }
        tokens[index].start = Int32(truncatingIfNeeded: start)
        tokens[index].count = Int32(truncatingIfNeeded: offset - start)
        finish(index)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func scanString() throws(JSONSyntaxError) {
        let index = begin(.string)
        let quote = offset
        offset += 1
        let start = offset
        var plain = true  // ASCII only, no escapes: the bytes are the string
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let length = offset - start
                offset += 1
                if !plain {
                    guard String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(offset - 1)]), as: UTF8.self) != nil else {
                        throw fail("invalid UTF-8 in a string", at: firstInvalidUTF8(from: start, to: offset - 1))
                    }
                    tokens[index].storage = .utf8
                } else if let word = SchemaWord(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)])) {
                    tokens[index].word = word.rawValue
                    if word.isNamedTypeKind { namedTypeWords += 1 } else if word == .default { defaultWords += 1 }
                }
                tokens[index].start = Int32(truncatingIfNeeded: start)
                tokens[index].count = Int32(truncatingIfNeeded: length)
                finish(index)
                return
            }
            if byte == UInt8(ascii: "\\") {
                let text = try scanEscapedString(from: start, quote: quote)
                tokens[index].storage = .decoded
                tokens[index].start = Int32(truncatingIfNeeded: decoded.count)
                decoded.append(text)
                finish(index)
                return
            }
            if byte < 0x20 { throw fail("unescaped control character in a string (\(describe(byte)))") }
            if byte >= 0x80 {
                plain = false
                lastNonASCII = offset
            }
            offset += 1
        }
        throw fail("unterminated string", at: quote)
    }

    /// The slow path, for strings with escapes: decodes into a byte buffer, then validates it as UTF-8.
    mutating func scanEscapedString(from start: Int, quote: Int) throws(JSONSyntaxError) -> String {
        var buffer: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string", at: firstInvalidUTF8(from: start, to: offset - 1))
                }
                return text
            case UInt8(ascii: "\\"):
                let escapeStart = offset
                offset += 1
                guard offset < bytes.count else { break }
                let code = bytes[offset]
                offset += 1
                switch code {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try scanHex4(escapeStart: escapeStart)
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string", at: escapeStart)
                        }
                        offset += 2
                        let low = try scanHex4(escapeStart: escapeStart)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string", at: escapeStart)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string", at: escapeStart)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw fail("invalid \\u escape in a string", at: escapeStart)
                    }
                    UTF8.encode(unicode) { buffer.append($0) }
                default:
                    throw fail("invalid escape '\\\(Character(Unicode.Scalar(code)))' in a string", at: escapeStart)
                }
            default:
                if byte < 0x20 { throw fail("unescaped control character in a string (\(describe(byte)))") }
                if byte >= 0x80 { lastNonASCII = offset }
                buffer.append(byte)
                offset += 1
            }
        }
        throw fail("unterminated string", at: quote)
    }

    mutating func scanHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("incomplete \\u escape in a string", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in a \\u escape", at: offset)
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// Where decoding of raw string bytes first goes wrong, for the error position.
    func firstInvalidUTF8(from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            let byte = bytes[i]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > end { return i }
            var j = 1
            while j < length {
                if bytes[i + j] & 0xC0 != 0x80 { return i }
                j += 1
            }
            if length > 1, String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) == nil { return i }
            i += length
        }
        return start
    }
}
