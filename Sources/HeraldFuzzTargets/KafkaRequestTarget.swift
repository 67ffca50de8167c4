import HeraldKafkaProtocol
import NIOCore
import NIOEmbedded

extension FuzzTarget {
    /// A byte stream as a client sends it to the broker: split into frames by the broker's own frame decoder (in an
    /// embedded channel, delivered in two writes at a point the selector byte picks), then every whole frame
    /// parsed as a request header and body by the parser of its API key and version.
    public static let kafkaRequest = FuzzTarget(name: "kafka-request") { bytes throws(FuzzFinding) in
        let input = FuzzInput(bytes)
        let stream = Array(input.rest)
        let cut = stream.isEmpty ? 0 : Int(input.selector) % (stream.count + 1)
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 1 << 20)))
        defer { _ = try? channel.finish() }
        var frames: [ByteBuffer] = []
        for part in [stream[..<cut], stream[cut...]] where !part.isEmpty {
            do {
                try channel.writeInbound(ByteBuffer(bytes: part))
            } catch {
                break // a bad size prefix: the broker closes the connection
            }
            while let frame = try? channel.readInbound(as: ByteBuffer.self) { frames.append(frame) }
        }
        for frame in frames {
            guard let decoded = try? KafkaRequestFrame.decode(frame) else { continue }
            var encoded = ByteBuffer()
            do { try decoded.encode(into: &encoded) } catch {
                throw FuzzFinding("a decoded \(decoded.header.apiKeyValue) v\(decoded.header.apiVersion) request does not encode: \(error)")
            }
            guard let again = try? KafkaRequestFrame.decode(encoded) else {
                throw FuzzFinding("a re-encoded \(decoded.header.apiKeyValue) v\(decoded.header.apiVersion) request does not decode")
            }
            guard again == decoded else {
                throw FuzzFinding("\(decoded.header.apiKeyValue) v\(decoded.header.apiVersion) request changes on a round trip")
            }
        }
    }
}
