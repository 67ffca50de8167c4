import HeraldKafkaProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One TCP connection to a broker: sends requests and matches responses to them by correlation ID.
final class KafkaConnection: Sendable {
    let address: KafkaAddress
    private let channel: any Channel
    private let nextCorrelation = NIOLockedValueBox<Int32>(1)
    let clientId: String
    /// Seconds a request may wait for its response.
    let timeout: Int64

    private init(address: KafkaAddress, channel: any Channel, clientId: String, timeout: Int64) {
        self.address = address
        self.channel = channel
        self.clientId = clientId
        self.timeout = timeout
    }

    static func connect(to address: KafkaAddress, clientId: String, group: any EventLoopGroup, timeout: Int64 = 30) async throws -> KafkaConnection {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(KafkaResponseMatcher())
                }
            }
            .connect(host: address.host, port: address.port).get()
        return KafkaConnection(address: address, channel: channel, clientId: clientId, timeout: timeout)
    }

    /// Sends a request at `version` and decodes its response.
    func send(_ request: KafkaRequest, version: Int16) async throws -> KafkaResponse {
        let correlation = nextCorrelation.withLockedValue { value in
            defer { value = value == Int32.max ? 1 : value + 1 }
            return value
        }
        var frame = ByteBuffer()
        frame.writeInteger(Int32(0))
        try KafkaRequestFrame(
            header: KafkaRequestHeader(apiKey: request.apiKey, apiVersion: version, correlationId: correlation, clientId: clientId),
            request: request
        ).encode(into: &frame)
        frame.setInteger(Int32(frame.readableBytes - 4), at: 0)
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let timeout = self.timeout
        let channel = self.channel, address = self.address
        // The matcher fails the request, on the event loop, so a late response cannot complete the promise twice.
        let timer = channel.eventLoop.scheduleTask(in: .seconds(timeout)) {
            channel.pipeline.fireUserInboundEventTriggered(KafkaRequestTimedOut(
                correlationId: correlation, error: KafkaClientError("\(request.apiKey) request to \(address) got no answer within \(timeout) s")))
        }
        channel.writeAndFlush(PendingKafkaRequest(correlationId: correlation, bytes: frame, promise: promise), promise: nil)
        defer { timer.cancel() }
        var answer = try await promise.futureResult.get()
        let (_, response) = try KafkaResponse.decode(apiKey: request.apiKey, version: version, from: &answer)
        return response
    }

    func close() async {
        try? await channel.close()
    }
}

/// A request whose response did not come in time.
struct KafkaRequestTimedOut: Sendable {
    var correlationId: Int32
    var error: KafkaClientError
}

/// A request on its way out, with the promise its response fulfils.
struct PendingKafkaRequest {
    var correlationId: Int32
    var bytes: ByteBuffer
    var promise: EventLoopPromise<ByteBuffer>
}

/// Writes requests and hands each response frame (correlation ID first) to the promise of the request with that ID;
/// a closed connection or an error fails every request still waiting.
final class KafkaResponseMatcher: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = PendingKafkaRequest
    typealias OutboundOut = ByteBuffer

    private var waiting: [Int32: EventLoopPromise<ByteBuffer>] = [:]

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting[request.correlationId] = request.promise
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let correlation = frame.getInteger(at: frame.readerIndex, as: Int32.self),
              let promise = waiting.removeValue(forKey: correlation) else { return }
        promise.succeed(frame)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let timedOut = event as? KafkaRequestTimedOut {
            waiting.removeValue(forKey: timedOut.correlationId)?.fail(timedOut.error)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaClientError("the broker closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        let promises = waiting.values
        waiting = [:]
        for promise in promises { promise.fail(error) }
    }
}
