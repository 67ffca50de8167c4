/// Why binary data could not be decoded, and at which byte offset.
public struct AvroDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The data ended inside a value.
        case truncated
        /// A varint ran longer than 10 bytes or overflowed 64 bits.
        case malformedVarint
        /// An `int` value does not fit 32 bits.
        case intOutOfRange(Int64)
        /// A length prefix is negative.
        case negativeLength(Int64)
        /// A length or item count promises more data than remains.
        case lengthExceedsInput(Int64, remaining: Int)
        /// A length or count exceeds a `DecodingLimits` bound.
        case limitExceeded(String)
        /// A string is not valid UTF-8.
        case invalidUTF8
        /// A boolean byte other than 0 or 1.
        case invalidBoolean(UInt8)
        /// A union branch index outside the union.
        case unionIndexOutOfRange(Int64, branches: Int)
        /// An enum index outside the symbols.
        case enumIndexOutOfRange(Int64, symbols: Int)
        /// Bytes remain after the datum.
        case trailingBytes(Int)
        /// Schema resolution met a writer value the reader cannot take (a union branch or enum symbol).
        case unresolvable(String)
    }

    public var reason: Reason
    /// Offset of the first byte of the offending item from the start of the input.
    public var offset: Int

    /// An error at a byte offset.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// `at byte N: what`.
    public var description: String {
        let what: String
        switch reason {
        case .truncated: what = "data ends inside a value"
        case .malformedVarint: what = "malformed varint (longer than 10 bytes or over 64 bits)"
        case .intOutOfRange(let v): what = "int value \(v) does not fit 32 bits"
        case .negativeLength(let v): what = "negative length \(v)"
        case .lengthExceedsInput(let v, let remaining): what = "length \(v) exceeds the \(remaining) bytes remaining"
        case .limitExceeded(let text): what = text
        case .invalidUTF8: what = "string is not valid UTF-8"
        case .invalidBoolean(let b): what = "boolean byte \(b) is neither 0 nor 1"
        case .unionIndexOutOfRange(let v, let n): what = "union branch index \(v) out of range (union has \(n) branches)"
        case .enumIndexOutOfRange(let v, let n): what = "enum index \(v) out of range (enum has \(n) symbols)"
        case .trailingBytes(let n): what = "\(n) bytes remain after the datum"
        case .unresolvable(let text): what = text
        }
        return "at byte \(offset): \(what)"
    }
}

/// Why a value could not be encoded with a schema: it does not have the schema's shape.
public struct AvroEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the datum, as `$.lines[2].price`.
    public var path: String
    /// What is wrong, in one sentence.
    public var message: String

    /// An error at a path.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// Why schema resolution cannot read data of one schema with another.
public struct AvroResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the reader schema, as a path of field names from the root (`$.customer.address`).
    public var path: String
    /// What is wrong, in one sentence.
    public var message: String

    /// An error at a path.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
