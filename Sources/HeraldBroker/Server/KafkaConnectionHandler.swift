import HeraldKafkaProtocol
import Logging
import NIOCore

/// One client connection: decodes request frames, hands them to the request handler and writes the responses
/// strictly in request order, however late parked ones (Fetch long polls, JoinGroup, SyncGroup) complete.
public final class KafkaConnectionHandler: ChannelDuplexHandler {
    /// Request frames (size prefix removed) from the frame decoder.
    public typealias InboundIn = ByteBuffer
    /// Bytes written by handlers further in.
    public typealias OutboundIn = ByteBuffer
    /// Response frames with their size prefix.
    public typealias OutboundOut = ByteBuffer

    private struct Slot {
        var sequence: UInt64
        var header: KafkaRequestHeader
        /// nil while the response is pending; `.some(nil)` when the request gets no response.
        var response: KafkaResponse??
    }

    private let requests: KafkaRequestHandler
    private let maxInFlight: Int
    private let idleTimeout: TimeAmount
    /// When the last request frame arrived or the last response was queued.
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?
    private var logger: Logger
    private var slots: [Slot] = []
    private var nextSequence: UInt64 = 0
    private var readHeld = false
    private var listener = ListenerAddress(host: "127.0.0.1", port: 0)
    private var seenVersions: Set<Int32> = []
    private var closed = false

    /// A handler answering through `requests`; reading pauses while `maxInFlight` responses are pending. A
    /// connection with nothing in flight that completes no request frame within `idleTimeout` is closed.
    public init(requests: KafkaRequestHandler, maxInFlight: Int, idleTimeout: TimeAmount = .minutes(10), logger: Logger) {
        self.requests = requests
        self.maxInFlight = max(maxInFlight, 1)
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Records the dialled address to advertise.
    public func channelActive(context: ChannelHandlerContext) {
        if let local = context.channel.localAddress, let port = local.port {
            // Advertise the address the client dialled, as it dialled it.
            listener = ListenerAddress(host: local.ipAddress ?? "127.0.0.1", port: Int32(port))
        }
        if let remote = context.channel.remoteAddress { logger[metadataKey: "peer"] = "\(remote)" }
        logger.debug("connection opened")
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(context: context, at: lastActivity + idleTimeout)
        context.fireChannelActive()
    }

    /// Closes the connection once it has had nothing in flight and no complete frame for `idleTimeout`; a
    /// half-sent frame counts as nothing, so a client that stalls mid-frame is cut off as well.
    private func scheduleIdleCheck(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            guard !handler.closed else { return }
            let now = context.eventLoop.now
            if handler.slots.isEmpty, now >= handler.lastActivity + handler.idleTimeout {
                handler.logger.notice("closing idle connection", metadata: [
                    "idleTimeoutMs": "\(handler.idleTimeout.nanoseconds / 1_000_000)"])
                handler.closed = true
                context.close(promise: nil)
            } else {
                handler.scheduleIdleCheck(context: context, at: max(handler.lastActivity, now) + handler.idleTimeout)
            }
        }
    }

    /// Marks the connection closed so late responses are dropped.
    public func channelInactive(context: ChannelHandlerContext) {
        closed = true
        idleCheck?.cancel()
        idleCheck = nil
        logger.debug("connection closed")
        context.fireChannelInactive()
    }

    /// Decodes one request and queues its response slot in arrival order.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closed else { return }
        let frame = unwrapInboundIn(data)
        lastActivity = context.eventLoop.now
        let request: KafkaRequestFrame
        do {
            request = try KafkaRequestFrame.decode(frame)
        } catch {
            logger.warning("closing connection: undecodable request", metadata: ["reason": "\(error)"])
            closed = true
            context.close(promise: nil)
            return
        }
        let header = request.header
        if seenVersions.insert(Int32(header.apiKeyValue) << 16 | Int32(header.apiVersion)).inserted {
            logger.debug("api version used", metadata: [
                "api": "\(request.request.apiKey)", "version": "\(header.apiVersion)", "client": "\(header.clientId ?? "")"])
        }
        let sequence = nextSequence
        nextSequence += 1
        slots.append(Slot(sequence: sequence, header: header, response: nil))
        let future = requests.handle(request, listener: listener, on: context.eventLoop)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        future.hop(to: context.eventLoop).whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success(let response):
                handler.complete(sequence: sequence, response: response, context: context)
            case .failure(let error):
                handler.logger.error("request failed", metadata: ["api": "\(request.request.apiKey)", "error": "\(error)"])
                handler.closed = true
                context.close(promise: nil)
            }
        }
    }

    /// Holds reads while too many responses are pending (the in-flight limit).
    public func read(context: ChannelHandlerContext) {
        if slots.count >= maxInFlight {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// Closes this connection only (malformed or oversized frame), with a log line.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("closing connection", metadata: ["reason": "\(error)"])
        closed = true
        context.close(promise: nil)
    }

    private func complete(sequence: UInt64, response: KafkaResponse?, context: ChannelHandlerContext) {
        guard !closed, let index = slots.firstIndex(where: { $0.sequence == sequence }) else { return }
        slots[index].response = .some(response)
        lastActivity = context.eventLoop.now
        var wrote = false
        while let first = slots.first, case .some(let ready) = first.response {
            slots.removeFirst()
            guard let ready else { continue }
            var buffer = context.channel.allocator.buffer(capacity: 256)
            buffer.writeInteger(Int32(0))
            do {
                try ready.encode(correlationId: first.header.correlationId, version: first.header.apiVersion, into: &buffer)
            } catch {
                logger.error("could not encode response", metadata: ["api": "\(ready.apiKey)", "error": "\(error)"])
                closed = true
                context.close(promise: nil)
                return
            }
            buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
            context.write(wrapOutboundOut(buffer), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
        if readHeld, slots.count < maxInFlight {
            readHeld = false
            context.read()
        }
    }
}
