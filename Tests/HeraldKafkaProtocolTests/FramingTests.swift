import NIOCore
import NIOEmbedded
import Testing
@testable import HeraldKafkaProtocol

@Suite struct FramingTests {
    private func makeChannel(maximum: Int = KafkaFrameDecoder.defaultMaximumFrameSize) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximum)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(KafkaFrameEncoder()))
        return channel
    }

    private let stream = bytes("00000003 aabbcc | 00000001 dd | 00000005 0102030405")

    @Test func framesArrivingAllAtOnce() throws {
        let channel = try makeChannel()
        try channel.writeInbound(stream)
        #expect(try channel.readInbound(as: ByteBuffer.self) == bytes("aabbcc"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == bytes("dd"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == bytes("0102030405"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try channel.finish()
    }

    @Test func framesArrivingOneByteAtATime() throws {
        let channel = try makeChannel()
        var frames: [ByteBuffer] = []
        for byte in stream.readableBytesView {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            while let frame = try channel.readInbound(as: ByteBuffer.self) { frames.append(frame) }
        }
        #expect(frames == [bytes("aabbcc"), bytes("dd"), bytes("0102030405")])
        _ = try channel.finish()
    }

    @Test func nonPositiveAndOversizeFramesAreErrors() throws {
        for (prefix, expected) in [("00000000", KafkaProtocolError.invalidFrameSize(0)),
                                   ("ffffffff", KafkaProtocolError.invalidFrameSize(-1)),
                                   ("00000401", KafkaProtocolError.frameTooLarge(size: 1025, maximum: 1024))] {
            let channel = try makeChannel(maximum: 1024)
            #expect(throws: expected) { try channel.writeInbound(bytes(prefix)) }
            _ = try? channel.finish()
        }
    }

    @Test func encoderPrefixesTheSize() throws {
        let channel = try makeChannel()
        try channel.writeOutbound(bytes("aabbcc"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == bytes("00000003 aabbcc"))
        _ = try channel.finish()
    }

    @Test func incompleteFrameAtEndOfStreamIsDropped() throws {
        let channel = try makeChannel()
        try channel.writeInbound(bytes("00000003 aabbcc 00000009 01"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == bytes("aabbcc"))
        _ = try channel.finish(acceptAlreadyClosed: false)
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
    }
}
