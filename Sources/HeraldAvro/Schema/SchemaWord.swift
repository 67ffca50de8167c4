/// The words an Avro schema document is made of, recognised on the input bytes: attribute keys (raw values 0–14,
/// each a bit of `SchemaAttributes.present`) and the type names the spec defines.
enum SchemaWord: UInt8 {
    case type = 0, name, namespace, doc, aliases, fields, symbols, `default`, size, items, values, logicalType, precision, scale, order
    case null, boolean, int, long, float, double, bytes, string, record, error, `enum`, fixed, array, map

    /// The attribute bit of a key word.
    var bit: UInt32 { rawValue < 15 ? 1 << UInt32(rawValue) : 0 }

    /// The primitive type a word names.
    var primitive: AvroType? {
        switch self {
        case .null: .null
        case .boolean: .boolean
        case .int: .int
        case .long: .long
        case .float: .float
        case .double: .double
        case .bytes: .bytes
        case .string: .string
        default: nil
        }
    }

    /// `record`, `error`, `enum` or `fixed`.
    var isNamedTypeKind: Bool {
        switch self {
        case .record, .error, .enum, .fixed: true
        default: false
        }
    }

    /// The word `bytes` spell, nil when they are none.
    @inline(__always)
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 3, bytes.count <= 11 else { return nil }
        let word: SchemaWord
        switch (bytes.count, bytes[0]) {
        case (3, UInt8(ascii: "d")): word = .doc
        case (3, UInt8(ascii: "i")): word = .int
        case (3, UInt8(ascii: "m")): word = .map
        case (4, UInt8(ascii: "t")): word = .type
        case (4, UInt8(ascii: "n")): word = bytes[1] == UInt8(ascii: "a") ? .name : .null
        case (4, UInt8(ascii: "l")): word = .long
        case (4, UInt8(ascii: "s")): word = .size
        case (4, UInt8(ascii: "e")): word = .enum
        case (5, UInt8(ascii: "i")): word = .items
        case (5, UInt8(ascii: "a")): word = .array
        case (5, UInt8(ascii: "b")): word = .bytes
        case (5, UInt8(ascii: "f")): word = bytes[1] == UInt8(ascii: "i") ? .fixed : .float
        case (5, UInt8(ascii: "o")): word = .order
        case (5, UInt8(ascii: "s")): word = .scale
        case (5, UInt8(ascii: "e")): word = .error
        case (6, UInt8(ascii: "f")): word = .fields
        case (6, UInt8(ascii: "r")): word = .record
        case (6, UInt8(ascii: "s")): word = .string
        case (6, UInt8(ascii: "d")): word = .double
        case (6, UInt8(ascii: "v")): word = .values
        case (7, UInt8(ascii: "d")): word = .default
        case (7, UInt8(ascii: "a")): word = .aliases
        case (7, UInt8(ascii: "s")): word = .symbols
        case (7, UInt8(ascii: "b")): word = .boolean
        case (9, UInt8(ascii: "n")): word = .namespace
        case (9, UInt8(ascii: "p")): word = .precision
        case (11, UInt8(ascii: "l")): word = .logicalType
        default: return nil
        }
        let spelling = word.spelling
        let start = spelling.utf8Start
        for i in 1..<bytes.count where bytes[i] != start[i] { return nil }
        self = word
    }

    /// The word a decoded string spells, nil when it is none.
    init?(text: String) {
        var text = text
        guard let word = text.withUTF8({ SchemaWord(bytes: $0) }) else { return nil }
        self = word
    }

    /// The word as a string: a small string made from the spelling's bytes (every word fits in one, so nothing is
    /// allocated).
    var text: String { spelling.description }

    /// The word's bytes.
    var spelling: StaticString {
        switch self {
        case .type: "type"
        case .name: "name"
        case .namespace: "namespace"
        case .doc: "doc"
        case .aliases: "aliases"
        case .fields: "fields"
        case .symbols: "symbols"
        case .default: "default"
        case .size: "size"
        case .items: "items"
        case .values: "values"
        case .logicalType: "logicalType"
        case .precision: "precision"
        case .scale: "scale"
        case .order: "order"
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record: "record"
        case .error: "error"
        case .enum: "enum"
        case .fixed: "fixed"
        case .array: "array"
        case .map: "map"
        }
    }
}

extension JSONTape {
    /// The schema word string token `index` spells, nil for any other text or kind.
    @inline(__always)
    func word(_ index: Int) -> SchemaWord? {
        let token = tokens[index]
        guard token.kind == .string else { return nil }
        switch token.storage {
        case .ascii: return token.word == Token.noWord ? nil : SchemaWord(rawValue: token.word)
        case .decoded: return SchemaWord(text: decoded[Int(token.start)])
        case .utf8: return nil
        }
    }
}

/// The schema attributes of one JSON object, found in one pass over its keys: which are present and the token of
/// each one's value.
struct SchemaAttributes {
    /// One bit per attribute key (`SchemaWord.bit`), and `otherBit` for any key that is none of them.
    private(set) var present: UInt32 = 0
    private var values: InlineArray<15, Int32> = .init(repeating: -1)

    static let otherBit: UInt32 = 1 << 31

    /// The attributes of object token `object`.
    init(_ tape: JSONTape, object: Int) {
        var i = object + 1
        let end = tape.next(object)
        while i < end {
            if let word = tape.word(i), word.rawValue < 15 {
                present |= word.bit
                values[Int(word.rawValue)] = Int32(truncatingIfNeeded: i + 1)
            } else {
                present |= Self.otherBit
            }
            i = tape.next(i + 1)
        }
    }

    /// The value token of attribute `key`, nil when the object does not have it.
    @inline(__always)
    subscript(key: SchemaWord) -> Int? {
        guard key.rawValue < 15 else { return nil }
        let value = values[Int(key.rawValue)]
        return value < 0 ? nil : Int(value)
    }

    /// A mask of attribute keys.
    static func mask(_ words: SchemaWord...) -> UInt32 { words.reduce(0) { $0 | $1.bit } }
}
