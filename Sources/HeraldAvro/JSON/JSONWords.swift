/// The words Avro schema documents are made of (attribute keys, type names, field orders), handed out as string
/// literals instead of decoding and validating the same few bytes into a new string each time they occur: about
/// half of the strings in a schema are one of these.
enum JSONWords {
    /// The literal for `bytes` when it is one of the words, nil otherwise.
    @inline(__always)
    static func known(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count >= 3, bytes.count <= 11, let first = bytes.first else { return nil }
        switch (bytes.count, first) {
        case (3, UInt8(ascii: "d")): return match(bytes, "doc", "doc")
        case (3, UInt8(ascii: "i")): return match(bytes, "int", "int")
        case (3, UInt8(ascii: "m")): return match(bytes, "map", "map")
        case (4, UInt8(ascii: "t")): return match(bytes, "type", "type")
        case (4, UInt8(ascii: "n")): if bytes[1] == UInt8(ascii: "a") { return match(bytes, "name", "name") } else { return match(bytes, "null", "null") }
        case (4, UInt8(ascii: "l")): return match(bytes, "long", "long")
        case (4, UInt8(ascii: "s")): return match(bytes, "size", "size")
        case (4, UInt8(ascii: "e")): return match(bytes, "enum", "enum")
        case (5, UInt8(ascii: "i")): return match(bytes, "items", "items")
        case (5, UInt8(ascii: "a")): return match(bytes, "array", "array")
        case (5, UInt8(ascii: "b")): return match(bytes, "bytes", "bytes")
        case (5, UInt8(ascii: "f")): if bytes[1] == UInt8(ascii: "i") { return match(bytes, "fixed", "fixed") } else { return match(bytes, "float", "float") }
        case (5, UInt8(ascii: "o")): return match(bytes, "order", "order")
        case (5, UInt8(ascii: "s")): return match(bytes, "scale", "scale")
        case (5, UInt8(ascii: "e")): return match(bytes, "error", "error")
        case (6, UInt8(ascii: "f")): return match(bytes, "fields", "fields")
        case (6, UInt8(ascii: "r")): return match(bytes, "record", "record")
        case (6, UInt8(ascii: "s")): return match(bytes, "string", "string")
        case (6, UInt8(ascii: "d")): return match(bytes, "double", "double")
        case (6, UInt8(ascii: "v")): return match(bytes, "values", "values")
        case (7, UInt8(ascii: "d")): return match(bytes, "default", "default")
        case (7, UInt8(ascii: "a")): return match(bytes, "aliases", "aliases")
        case (7, UInt8(ascii: "s")): return match(bytes, "symbols", "symbols")
        case (7, UInt8(ascii: "b")): return match(bytes, "boolean", "boolean")
        case (9, UInt8(ascii: "n")): return match(bytes, "namespace", "namespace")
        case (9, UInt8(ascii: "p")): return match(bytes, "precision", "precision")
        case (11, UInt8(ascii: "l")): return match(bytes, "logicalType", "logicalType")
        default: return nil
        }
    }

    /// `word` when `bytes` spell `spelling` (the same text; a literal `String` is a constant, a `StaticString` has
    /// bytes to compare with), nil otherwise. Callers have matched the length and the first byte.
    @inline(__always)
    private static func match(_ bytes: UnsafeBufferPointer<UInt8>, _ spelling: StaticString, _ word: String) -> String? {
        let start = spelling.utf8Start
        for i in 1..<bytes.count where bytes[i] != start[i] { return nil }
        return word
    }
}
