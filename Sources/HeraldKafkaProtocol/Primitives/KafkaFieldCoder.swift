import NIOCore

/// One direction of the wire codec: a message's layout is written once as a sequence of calls on a coder, and the
/// reader fills the fields while the writer emits them. `flexible` selects compact lengths and tag sections.
public protocol KafkaFieldCoder {
    /// Whether the message version uses the flexible (KIP-482) encoding.
    var flexible: Bool { get }
    /// Codes an int8.
    mutating func int8(_ value: inout Int8, _ field: String) throws
    /// Codes an int16.
    mutating func int16(_ value: inout Int16, _ field: String) throws
    /// Codes an int32.
    mutating func int32(_ value: inout Int32, _ field: String) throws
    /// Codes an int64.
    mutating func int64(_ value: inout Int64, _ field: String) throws
    /// Codes a boolean.
    mutating func bool(_ value: inout Bool, _ field: String) throws
    /// Codes a non-null string.
    mutating func string(_ value: inout String, _ field: String) throws
    /// Codes a nullable string.
    mutating func nullableString(_ value: inout String?, _ field: String) throws
    /// Codes non-null bytes.
    mutating func bytes(_ value: inout ByteBuffer, _ field: String) throws
    /// Codes nullable bytes.
    mutating func nullableBytes(_ value: inout ByteBuffer?, _ field: String) throws
    /// Codes a nullable array, each element by `element`; `blank` makes the value a reader fills.
    mutating func nullableArray<T>(
        _ value: inout [T]?, _ field: String, blank: () -> T, element: (inout Self, inout T) throws -> Void
    ) throws
    /// Codes a tagged-field section: the reader skips it, the writer writes an empty one.
    mutating func taggedFields(_ field: String) throws
}

extension KafkaFieldCoder {
    /// Codes a non-null array.
    public mutating func array<T>(
        _ value: inout [T], _ field: String, blank: () -> T, element: (inout Self, inout T) throws -> Void
    ) throws {
        var wrapped: [T]? = value
        try nullableArray(&wrapped, field, blank: blank, element: element)
        guard let present = wrapped else { throw KafkaProtocolError.unexpectedNull(field: field) }
        value = present
    }

    /// Codes a non-null array of nested field groups.
    public mutating func array<T: KafkaFieldGroup>(_ value: inout [T], _ field: String, version: Int16) throws {
        try array(&value, field, blank: T.init) { coder, item in try item.code(&coder, version: version) }
    }

    /// Codes a nullable array of nested field groups.
    public mutating func nullableArray<T: KafkaFieldGroup>(_ value: inout [T]?, _ field: String, version: Int16) throws {
        try nullableArray(&value, field, blank: T.init) { coder, item in try item.code(&coder, version: version) }
    }

    /// Codes a non-null array of int32.
    public mutating func int32Array(_ value: inout [Int32], _ field: String) throws {
        try array(&value, field, blank: { 0 }) { coder, item in try coder.int32(&item, field) }
    }

    /// Codes a non-null array of int64.
    public mutating func int64Array(_ value: inout [Int64], _ field: String) throws {
        try array(&value, field, blank: { 0 }) { coder, item in try coder.int64(&item, field) }
    }

    /// Codes a non-null array of strings.
    public mutating func stringArray(_ value: inout [String], _ field: String) throws {
        try array(&value, field, blank: { "" }) { coder, item in try coder.string(&item, field) }
    }

    /// Codes a nullable array of strings.
    public mutating func nullableStringArray(_ value: inout [String]?, _ field: String) throws {
        try nullableArray(&value, field, blank: { "" }) { coder, item in try coder.string(&item, field) }
    }

    /// Codes a tag section only when the encoding is flexible.
    public mutating func taggedFieldsIfFlexible(_ field: String = "tagged fields") throws {
        if flexible { try taggedFields(field) }
    }
}

/// Reads fields out of a buffer; never traps on short or absurd input.
public struct KafkaFieldReader: KafkaFieldCoder {
    /// The bytes still to read.
    public var buffer: ByteBuffer
    /// Whether the message version uses the flexible encoding.
    public let flexible: Bool

    /// Makes a reader over `buffer`.
    public init(buffer: ByteBuffer, flexible: Bool) {
        self.buffer = buffer
        self.flexible = flexible
    }

    public mutating func int8(_ value: inout Int8, _ field: String) throws { value = try buffer.readKafkaInteger(field) }
    public mutating func int16(_ value: inout Int16, _ field: String) throws { value = try buffer.readKafkaInteger(field) }
    public mutating func int32(_ value: inout Int32, _ field: String) throws { value = try buffer.readKafkaInteger(field) }
    public mutating func int64(_ value: inout Int64, _ field: String) throws { value = try buffer.readKafkaInteger(field) }
    /// Reads a boolean.
    public mutating func bool(_ value: inout Bool, _ field: String) throws { value = try buffer.readKafkaBool(field) }

    /// Reads a non-null string.
    public mutating func string(_ value: inout String, _ field: String) throws {
        value = try buffer.readKafkaString(field, compact: flexible)
    }

    /// Reads a nullable string.
    public mutating func nullableString(_ value: inout String?, _ field: String) throws {
        value = try buffer.readKafkaNullableString(field, compact: flexible)
    }

    /// Reads non-null bytes as a slice.
    public mutating func bytes(_ value: inout ByteBuffer, _ field: String) throws {
        value = try buffer.readKafkaBytes(field, compact: flexible)
    }

    /// Reads nullable bytes as a slice.
    public mutating func nullableBytes(_ value: inout ByteBuffer?, _ field: String) throws {
        value = try buffer.readKafkaNullableBytes(field, compact: flexible)
    }

    /// Reads a nullable array; the count was checked against the readable bytes before the loop.
    public mutating func nullableArray<T>(
        _ value: inout [T]?, _ field: String, blank: () -> T, element: (inout Self, inout T) throws -> Void
    ) throws {
        guard let count = try buffer.readKafkaArrayCount(field, compact: flexible) else {
            value = nil
            return
        }
        var items: [T] = []
        items.reserveCapacity(Swift.min(count, 1024))
        for _ in 0..<count {
            var item = blank()
            try element(&self, &item)
            items.append(item)
        }
        value = items
    }

    /// Skips a tagged-field section.
    public mutating func taggedFields(_ field: String) throws {
        try buffer.skipKafkaTaggedFields(field)
    }
}

/// Writes fields into a buffer.
public struct KafkaFieldWriter: KafkaFieldCoder {
    /// The bytes written so far.
    public var buffer: ByteBuffer
    /// Whether the message version uses the flexible encoding.
    public let flexible: Bool

    /// Makes a writer appending to `buffer`.
    public init(buffer: ByteBuffer, flexible: Bool) {
        self.buffer = buffer
        self.flexible = flexible
    }

    /// Writes an int8.
    public mutating func int8(_ value: inout Int8, _ field: String) throws { buffer.writeInteger(value) }
    /// Writes an int16.
    public mutating func int16(_ value: inout Int16, _ field: String) throws { buffer.writeInteger(value) }
    /// Writes an int32.
    public mutating func int32(_ value: inout Int32, _ field: String) throws { buffer.writeInteger(value) }
    /// Writes an int64.
    public mutating func int64(_ value: inout Int64, _ field: String) throws { buffer.writeInteger(value) }
    /// Writes a boolean.
    public mutating func bool(_ value: inout Bool, _ field: String) throws { buffer.writeKafkaBool(value) }

    /// Writes a non-null string.
    public mutating func string(_ value: inout String, _ field: String) throws {
        try buffer.writeKafkaString(value, field, compact: flexible)
    }

    /// Writes a nullable string.
    public mutating func nullableString(_ value: inout String?, _ field: String) throws {
        try buffer.writeKafkaNullableString(value, field, compact: flexible)
    }

    /// Writes non-null bytes.
    public mutating func bytes(_ value: inout ByteBuffer, _ field: String) throws {
        buffer.writeKafkaNullableBytes(value, compact: flexible)
    }

    /// Writes nullable bytes.
    public mutating func nullableBytes(_ value: inout ByteBuffer?, _ field: String) throws {
        buffer.writeKafkaNullableBytes(value, compact: flexible)
    }

    /// Writes a nullable array.
    public mutating func nullableArray<T>(
        _ value: inout [T]?, _ field: String, blank: () -> T, element: (inout Self, inout T) throws -> Void
    ) throws {
        guard var items = value else {
            buffer.writeKafkaArrayCount(nil, compact: flexible)
            return
        }
        buffer.writeKafkaArrayCount(items.count, compact: flexible)
        for index in items.indices {
            try element(&self, &items[index])
        }
    }

    /// Writes an empty tagged-field section.
    public mutating func taggedFields(_ field: String) throws {
        buffer.writeEmptyKafkaTaggedFields()
    }
}
