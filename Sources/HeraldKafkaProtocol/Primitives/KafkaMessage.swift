import NIOCore

/// A group of fields that knows its own layout per version (a message body or one of its nested structs).
public protocol KafkaFieldGroup: Sendable {
    /// Makes a blank value for a reader to fill.
    init()
    /// Reads or writes every field for `version`, in wire order.
    mutating func code<C: KafkaFieldCoder>(_ coder: inout C, version: Int16) throws
}

/// A top-level request or response body of one API.
public protocol KafkaMessage: KafkaFieldGroup {
    /// The API this body belongs to.
    static var apiKey: ApiKey { get }
}

extension KafkaMessage {
    /// Decodes a body at `version`, reading from `buffer` (and advancing it).
    public init(decoding buffer: inout ByteBuffer, version: Int16) throws {
        self.init()
        var reader = KafkaFieldReader(buffer: buffer, flexible: Self.apiKey.isFlexible(version: version))
        try code(&reader, version: version)
        buffer = reader.buffer
    }

    /// Encodes this body at `version`, appending to `buffer`.
    public func encode(version: Int16, into buffer: inout ByteBuffer) throws {
        var copy = self
        let original = buffer
        var writer = KafkaFieldWriter(buffer: buffer, flexible: Self.apiKey.isFlexible(version: version))
        buffer = ByteBuffer()  // keeps the writer's copy uniquely referenced, so it grows in place
        do {
            try copy.code(&writer, version: version)
            buffer = writer.buffer
        } catch {
            buffer = original
            throw error
        }
    }
}
