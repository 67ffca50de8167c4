/// A JSON text that does not follow RFC 8259, with the position of the offending character.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is (1-based line and column, columns counted in Unicode scalars).
    public var position: TextPosition

    /// An error at a position.
    public init(message: String, position: TextPosition) {
        self.message = message
        self.position = position
    }

    /// `line:column: message`.
    public var description: String { "\(position.line):\(position.column): \(message)" }
}

/// A strict RFC 8259 JSON parser producing `JSONNode`s with the position of every value and key.
///
/// Numbers keep their literal text, duplicate keys are rejected, nesting is bounded by `Options.maxDepth`,
/// and invalid UTF-8 is an error. Any input yields either a node or a `JSONSyntaxError`; it never traps.
public struct JSONParser: Sendable {
    /// Limits of the parser.
    public struct Options: Sendable, Hashable {
        /// The deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        /// Limits with a maximum nesting depth.
        public init(maxDepth: Int = 512) { self.maxDepth = maxDepth }
    }

    /// The limits in use.
    public var options: Options

    /// A parser with these limits.
    public init(options: Options = .init()) { self.options = options }

    /// Parses a UTF-8 JSON text.
    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var text = text
        let result: Result<JSONNode, JSONSyntaxError> = text.withUTF8 { buffer in
            do throws(JSONSyntaxError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses UTF-8 bytes.
    public func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses UTF-8 bytes in a buffer.
    public func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONNode {
        var scanner = JSONScanner(bytes: buffer, maxDepth: options.maxDepth)
        return try scanner.parseDocument()
    }
}

/// The parser's cursor over one buffer; lives only for one `parse` call.
private struct JSONScanner {
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
    // Scratch stacks shared by all nesting levels: a container's elements are pushed here while it is parsed and
    // copied out once, at its exact size, so each array or object allocates a single time instead of growing.
    var itemStack: [JSONNode] = []
    var memberStack: [JSONMember] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
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

    mutating func currentPosition() -> TextPosition { position(at: offset) }

    mutating func fail(_ message: String, at target: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, position: position(at: min(target ?? offset, bytes.count)))
    }

    // MARK: document

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        // A UTF-8 byte order mark may be ignored (RFC 8259 §8.1).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
            columnOffset = 3
        }
        skipWhitespace()
        guard offset < bytes.count else { throw fail("the document is empty; expected a JSON value") }
        let node = try parseValue()
        skipWhitespace()
        if offset < bytes.count {
            throw fail("unexpected \(describe(bytes[offset])) after the JSON value")
        }
        return node
    }

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

    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard offset < bytes.count else { throw fail("unexpected end of input; expected a JSON value") }
        let start = currentPosition()
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return JSONNode(position: start, value: try parseObject())
        case UInt8(ascii: "["):
            return JSONNode(position: start, value: try parseArray())
        case UInt8(ascii: "\""):
            return JSONNode(position: start, value: .string(try parseString()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(position: start, value: .number(try parseNumber()))
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return JSONNode(position: start, value: .bool(true))
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return JSONNode(position: start, value: .bool(false))
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return JSONNode(position: start, value: .null)
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

    mutating func parseArray() throws(JSONSyntaxError) -> JSONNode.Value {
        try enter()
        offset += 1  // [
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .array([])
        }
        let base = itemStack.count
        while true {
            skipWhitespace()
            itemStack.append(try parseValue())
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
                let items = Array(itemStack[base...])
                itemStack.removeSubrange(base...)
                return .array(items)
            case let byte:
                throw fail("unexpected \(describe(byte)) in an array; expected ',' or ']'")
            }
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONNode.Value {
        try enter()
        offset += 1  // {
        var seen: Set<String> = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return .object([])
        }
        let base = memberStack.count
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an object; expected a key") }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(bytes[offset])) in an object; expected a string key")
            }
            let keyOffset = offset
            let keyPosition = currentPosition()
            let key = try parseString()
            // Small objects are checked by a scan; the set only pays off for wide ones.
            let count = memberStack.count - base
            if count < 12 {
                for i in base..<memberStack.count where memberStack[i].key == key {
                    throw fail("duplicate key \"\(key)\"", at: keyOffset)
                }
                if count == 11 {
                    seen = Set(memberStack[base...].lazy.map(\.key))
                    seen.insert(key)
                }
            } else if !seen.insert(key).inserted {
                throw fail("duplicate key \"\(key)\"", at: keyOffset)
            }
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of input in an object; expected ':'") }
            guard bytes[offset] == UInt8(ascii: ":") else {
                throw fail("unexpected \(describe(bytes[offset])) after an object key; expected ':'")
            }
            offset += 1
            skipWhitespace()
            let value = try parseValue()
            memberStack.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
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
                let members = Array(memberStack[base...])
                memberStack.removeSubrange(base...)
                return .object(members)
            case let byte:
                throw fail("unexpected \(describe(byte)) in an object; expected ',' or '}'")
            }
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
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
        return JSONNumber(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = offset
        offset += 1
        let start = offset
        var plain = true  // ASCII only, no escapes: the bytes are the string
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                if plain { return JSONWords.known(slice) ?? String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string", at: firstInvalidUTF8(from: start, to: offset - 1))
                }
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start, quote: quote)
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
    mutating func parseEscapedString(from start: Int, quote: Int) throws(JSONSyntaxError) -> String {
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
                    var scalar = try parseHex4(escapeStart: escapeStart)
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string", at: escapeStart)
                        }
                        offset += 2
                        let low = try parseHex4(escapeStart: escapeStart)
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

    mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
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
