/// The spec's name syntax: parts start with `[A-Za-z_]` and continue with `[A-Za-z0-9_]`.
enum AvroNameSyntax {
    /// The primitive type names, which no named type may take.
    static let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    /// True for a short name.
    static func isValidName(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next(), isStart(first) else { return false }
        while let byte = utf8.next() {
            guard isStart(byte) || (byte >= 0x30 && byte <= 0x39) else { return false }
        }
        return true
    }

    /// True for a dotted full name or namespace (each part valid; an empty namespace is handled by callers).
    static func isValidDotted(_ name: String) -> Bool {
        var partStart = true
        for byte in name.utf8 {
            if byte == UInt8(ascii: ".") {
                if partStart { return false }
                partStart = true
            } else if partStart {
                guard isStart(byte) else { return false }
                partStart = false
            } else if !(isStart(byte) || (byte >= 0x30 && byte <= 0x39)) {
                return false
            }
        }
        return !partStart
    }

    private static func isStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// The primitive type for a primitive name.
    static func primitive(_ name: String) -> AvroType? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "int": .int
        case "long": .long
        case "float": .float
        case "double": .double
        case "bytes": .bytes
        case "string": .string
        default: nil
        }
    }

    /// Candidate full names for a reference written inside `namespace`: the qualified name first,
    /// then the null namespace (as Java's lookup falls back to it).
    static func candidates(for name: String, in namespace: String?) -> [String] {
        if name.utf8.contains(UInt8(ascii: ".")) { return [name] }
        if let namespace, !namespace.isEmpty { return [namespace + "." + name, name] }
        return [name]
    }
}
