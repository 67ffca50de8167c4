/// A JSON document as one flat list of tokens in document order, each with its kind, where its text lies and its
/// position: what the schema builder walks instead of a tree of `JSONNode`s. Strings and numbers stay bytes of the
/// input until a reader asks for them, so the words a schema is made of are compared in place and never decoded.
///
/// A container token is followed by its contents (an object's as key, value, key, value …) and records where they
/// end, so a reader skips a value in one step. A tape made by `JSONTape.scan` points into the text it was scanned
/// from and is valid only while that buffer is; one made from a `JSONNode` holds its strings itself.
struct JSONTape {
    enum Kind: UInt8 {
        case null
        case `true`
        case `false`
        case number
        case string
        case array
        case object
    }

    /// Where a string's or number's text is.
    enum Storage: UInt8 {
        /// ASCII bytes of the input, without escapes: the bytes are the text.
        case ascii
        /// Valid UTF-8 bytes of the input with non-ASCII characters, without escapes.
        case utf8
        /// A string of `decoded` (the text had escapes, or the tape was made from a `JSONNode`).
        case decoded
    }

    struct Token {
        var kind: Kind
        var storage: Storage
        /// Strings: the `SchemaWord` raw value of an ASCII string that spells one, `Token.noWord` otherwise; read
        /// through `JSONTape.word`. Classified once by the scanner, as the builder asks for nearly every string.
        var word: UInt8 = Token.noWord
        /// Strings and numbers: the byte offset of the text, or the index in `decoded`.
        var start: Int32
        /// Strings and numbers: the byte length; arrays: the element count; objects: the member count.
        var count: Int32
        /// The index of the first token after this value and everything inside it.
        var end: Int32
        var line: Int32
        var column: Int32

        static let noWord: UInt8 = 0xFF
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var tokens: [Token]
    var decoded: [String]
    /// At least as many as the named types the document defines (0 when unknown): what the builder reserves room
    /// for, so that its name table does not grow and rehash type by type.
    var namedTypeBound = 0
    /// At least as many as the field defaults the document holds (0 when unknown), for the same reason.
    var defaultBound = 0

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], decoded: [String]) {
        self.bytes = bytes
        self.tokens = tokens
        self.decoded = decoded
    }

    // MARK: reading

    @inline(__always) func kind(_ index: Int) -> Kind { tokens[index].kind }

    @inline(__always) func position(_ index: Int) -> TextPosition {
        TextPosition(line: Int(tokens[index].line), column: Int(tokens[index].column))
    }

    /// The index after value `index`: its next sibling, or the end of its container.
    @inline(__always) func next(_ index: Int) -> Int { Int(tokens[index].end) }

    /// Elements of an array or members of an object.
    @inline(__always) func count(_ index: Int) -> Int { Int(tokens[index].count) }

    /// The text of a string or number token.
    func string(_ index: Int) -> String {
        let token = tokens[index]
        switch token.storage {
        case .decoded:
            return decoded[Int(token.start)]
        case .ascii:
            // The words a schema is made of come out as literals, without decoding.
            if token.word != Token.noWord, let word = SchemaWord(rawValue: token.word) { return word.text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.count)]), as: UTF8.self)
        case .utf8:
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.count)]), as: UTF8.self)
        }
    }

    /// The string at `index` when it is one, nil for any other kind.
    @inline(__always) func stringValue(_ index: Int) -> String? {
        kind(index) == .string ? string(index) : nil
    }

    /// The number at `index`.
    func number(_ index: Int) -> JSONNumber { JSONNumber(text: string(index)) }

    /// The value at `index` without positions.
    func plain(_ index: Int) -> JSONValue {
        switch kind(index) {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(number(index))
        case .string: return .string(string(index))
        case .array:
            var items: [JSONValue] = []
            items.reserveCapacity(count(index))
            var i = index + 1
            let end = next(index)
            while i < end {
                items.append(plain(i))
                i = next(i)
            }
            return .array(items)
        case .object:
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(count(index))
            var i = index + 1
            let end = next(index)
            while i < end {
                members.append((string(i), plain(i + 1)))
                i = next(i + 1)
            }
            return .object(JSONObject(members))
        }
    }
}

extension JSONTape {
    /// The tape of an already parsed document; every string and number is held in `decoded`.
    init(_ root: JSONNode) {
        var tokens: [Token] = []
        var decoded: [String] = []
        func token(_ kind: Kind, _ position: TextPosition) -> Token {
            Token(kind: kind, storage: .decoded, word: Token.noWord, start: 0, count: 0, end: 0,
                  line: Int32(clamping: position.line), column: Int32(clamping: position.column))
        }
        func text(_ kind: Kind, _ value: String, _ position: TextPosition) {
            var t = token(kind, position)
            t.start = Int32(clamping: decoded.count)
            t.end = Int32(clamping: tokens.count + 1)
            decoded.append(value)
            tokens.append(t)
        }
        func add(_ node: JSONNode) {
            switch node.value {
            case .null, .bool:
                var kind = Kind.null
                if case .bool(let b) = node.value { kind = b ? .true : .false }
                var t = token(kind, node.position)
                t.end = Int32(clamping: tokens.count + 1)
                tokens.append(t)
            case .number(let n): text(.number, n.text, node.position)
            case .string(let s): text(.string, s, node.position)
            case .array(let items):
                let at = tokens.count
                var t = token(.array, node.position)
                t.count = Int32(clamping: items.count)
                tokens.append(t)
                for item in items { add(item) }
                tokens[at].end = Int32(clamping: tokens.count)
            case .object(let members):
                let at = tokens.count
                var t = token(.object, node.position)
                t.count = Int32(clamping: members.count)
                tokens.append(t)
                for member in members {
                    text(.string, member.key, member.keyPosition)
                    add(member.value)
                }
                tokens[at].end = Int32(clamping: tokens.count)
            }
        }
        add(root)
        self.init(bytes: UnsafeBufferPointer(start: nil, count: 0), tokens: tokens, decoded: decoded)
    }
}
