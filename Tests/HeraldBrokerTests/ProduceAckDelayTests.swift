import HeraldKafkaProtocol
import NIOCore
import NIOEmbedded
import Testing
@testable import HeraldBroker

/// The test-only acknowledgement delay: the batch is stored at once, its Produce response only after the delay.
@Suite struct ProduceAckDelayTests {
    @Test func theResponseWaitsForTheDelayButTheAppendDoesNot() throws {
        var config = BrokerConfiguration()
        config.initialTopics = ["t": 1]
        config.testProduceAckDelayMs = 250
        let state = try BrokerState(configuration: config, clock: { 1_000 }, logger: quietLogger)
        let channel = EmbeddedChannel()
        let requests = KafkaRequestHandler(state: state, logger: quietLogger)
        try KafkaBrokerService.configureConnection(channel, requests: requests, configuration: config, logger: quietLogger)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9092)).wait()

        var body = ByteBuffer()
        let request = ConnectionPipelineTests.produce(try ConnectionPipelineTests.batch(["a", "b"], producerId: 3, epoch: 0, sequence: 0))
        try KafkaRequestFrame(header: KafkaRequestHeader(apiKey: .produce, apiVersion: 8, correlationId: 7, clientId: "test"),
                              request: request).encode(into: &body)
        var frame = ByteBuffer()
        frame.writeInteger(Int32(body.readableBytes))
        frame.writeBuffer(&body)
        try channel.writeInbound(frame)

        #expect(state.listOffset(TopicPartition("t", 0), timestamp: -1).offset == 2)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(249))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        var response = try #require(try channel.readOutbound(as: ByteBuffer.self))
        _ = response.readInteger(as: Int32.self)
        let decoded = try KafkaResponse.decode(apiKey: .produce, version: 8, from: &response)
        #expect(decoded.header.correlationId == 7)
        guard case .produce(let produce) = decoded.response else { Issue.record("not a produce response"); return }
        #expect(produce.topics.first?.partitions.first?.baseOffset == 0)
        #expect(produce.topics.first?.partitions.first?.errorCode == ErrorCode.noError)
        _ = try? channel.finish()
    }
}
