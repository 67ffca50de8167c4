import NIOCore

/// Splits a byte stream into Kafka frames (4-byte big-endian size, then that many bytes) and emits each frame
/// without its size prefix. It only frames: parsing is `KafkaRequestFrame.decode`.
public struct KafkaFrameDecoder: ByteToMessageDecoder, Sendable {
    /// Emitted frames.
    public typealias InboundOut = ByteBuffer

    /// The largest frame accepted; larger sizes close the connection.
    public let maximumFrameSize: Int

    /// The default maximum frame size, 100 MiB (Kafka's socket.request.max.bytes).
    public static let defaultMaximumFrameSize = 100 * 1024 * 1024

    public init(maximumFrameSize: Int = KafkaFrameDecoder.defaultMaximumFrameSize) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// Emits one frame when a whole one is buffered.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return .needMoreData
        }
        guard size > 0 else { throw KafkaProtocolError.invalidFrameSize(size) }
        guard Int(size) <= maximumFrameSize else {
            throw KafkaProtocolError.frameTooLarge(size: Int(size), maximum: maximumFrameSize)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let frame = buffer.readSlice(length: Int(size)) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// Drops an incomplete frame at end of stream: a half-sent request is never answered.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

/// Prefixes each outbound frame with its 4-byte big-endian size.
public struct KafkaFrameEncoder: MessageToByteEncoder, Sendable {
    /// Frames to send (header and body, without a size).
    public typealias OutboundIn = ByteBuffer

    public init() {}

    /// Writes the size prefix and the frame.
    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes <= Int(Int32.max) else {
            throw KafkaProtocolError.frameTooLarge(size: data.readableBytes, maximum: Int(Int32.max))
        }
        out.reserveCapacity(4 + data.readableBytes)
        out.writeInteger(Int32(data.readableBytes))
        out.writeImmutableBuffer(data)
    }
}
