/// The spec's name syntax: parts start with `[A-Za-z_]` and continue with `[A-Za-z0-9_]`.
enum AvroNameSyntax {
    /// The primitive type names, which no named type may take.
    static let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    /// True for a short name.
    static func isValidName(_ name: String) -> Bool {
        // Native strings are contiguous, so the check runs over raw bytes; the iterator is the fallback.
        if let valid = name.utf8.withContiguousStorageIfAvailable({ isValidName(bytes: $0) }) { return valid }
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next(), isStart(first) else { return false }
        while let byte = utf8.next() {
            guard isPart(byte) else { return false }
        }
        return true
    }

    private static func isValidName(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, isStart(first) else { return false }
        var i = 1
        while i < bytes.count {
            guard isPart(bytes[i]) else { return false }
            i += 1
        }
        return true
    }

    /// True for a dotted full name or namespace (each part valid; an empty namespace is handled by callers).
    static func isValidDotted(_ name: String) -> Bool {
        if let valid = name.utf8.withContiguousStorageIfAvailable({ isValidDotted(bytes: $0) }) { return valid }
        return isValidDotted(bytes: Array(name.utf8))
    }

    private static func isValidDotted<Bytes: Collection<UInt8>>(bytes: Bytes) -> Bool {
        var partStart = true
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if partStart { return false }
                partStart = true
            } else if partStart {
                guard isStart(byte) else { return false }
                partStart = false
            } else if !isPart(byte) {
                return false
            }
        }
        return !partStart
    }

    private static func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (byte >= 0x30 && byte <= 0x39) }

    private static func isStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    static func primitive(_ name: String) -> AvroType? {
        // Most names met here are references to named types, longer than any primitive's: skip the comparisons.
        guard name.utf8.count <= 7 else { return nil }
        return switch name {
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
