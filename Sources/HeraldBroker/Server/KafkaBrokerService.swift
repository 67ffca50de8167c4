import HeraldKafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The broker as a service: listens for Kafka clients until graceful shutdown (SIGINT/SIGTERM through a ServiceGroup).
public struct KafkaBrokerService: Service {
    /// The broker's settings.
    public let configuration: BrokerConfiguration
    /// The broker's topics, groups and offsets.
    public let state: BrokerState
    /// Checks produced records before they are appended.
    public let validator: any ProduceValidator
    let logger: Logger
    let onListening: @Sendable (SocketAddress) -> Void

    /// A service over `state`; `onListening` runs once the socket is bound (with the real port).
    public init(configuration: BrokerConfiguration, state: BrokerState, validator: any ProduceValidator = AcceptAllRecords(),
                logger: Logger, onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }) {
        self.configuration = configuration
        self.state = state
        self.validator = validator
        self.logger = logger
        self.onListening = onListening
    }

    /// The channel pipeline of one client connection: framing, then ordered request handling.
    public static func configureConnection(_ channel: any Channel, requests: KafkaRequestHandler, configuration: BrokerConfiguration,
                                           logger: Logger) throws {
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: configuration.maxFrameBytes)))
        try channel.pipeline.syncOperations.addHandler(
            KafkaConnectionHandler(requests: requests, maxInFlight: configuration.maxInFlightPerConnection,
                                   idleTimeout: .milliseconds(configuration.idleTimeoutMs), logger: logger))
    }

    /// Binds, serves until graceful shutdown, then settles parked calls and closes connections.
    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(System.coreCount, 1))
        let requests = KafkaRequestHandler(state: state, validator: validator, logger: logger)
        let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let configuration = self.configuration
        let logger = self.logger
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                let admitted = connections.withLockedValue { open in
                    guard open.count < configuration.maxConnections else { return false }
                    open[id] = channel
                    return true
                }
                guard admitted else {
                    // Refused: the bootstrap closes it before any byte is read; the client sees a disconnect and retries.
                    logger.warning("connection refused: --max-connections reached", metadata: [
                        "peer": "\(channel.remoteAddress.map { "\($0)" } ?? "?")", "limit": "\(configuration.maxConnections)"])
                    return channel.eventLoop.makeFailedFuture(ConnectionLimitReached(limit: configuration.maxConnections))
                }
                channel.closeFuture.whenComplete { _ in _ = connections.withLockedValue { $0.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    try Self.configureConnection(channel, requests: requests, configuration: configuration, logger: logger)
                }
            }
        let server: any Channel
        do {
            server = try await bootstrap.bind(host: configuration.host, port: configuration.kafkaPort).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        if let address = server.localAddress { onListening(address) }
        let state = self.state
        let ticks = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            state.tickGroups()
            state.expireTransactions()
        }
        let retention = group.next().scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
            state.applyRetention()
            state.compactLogs()
        }
        let fsyncInterval = TimeAmount.milliseconds(max(configuration.fsyncIntervalMs, 1))
        let syncs = configuration.fsync == .interval && configuration.dataDirectory != nil
            ? group.next().scheduleRepeatedTask(initialDelay: fsyncInterval, delay: fsyncInterval) { _ in state.syncSegments() }
            : nil
        let statistics = validator.statistics
        let interval = TimeAmount.milliseconds(max(configuration.validationReportIntervalMs, 100))
        let report = statistics.map { statistics in
            group.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in statistics.report(to: logger) }
        }
        await withGracefulShutdownHandler {
            try? await server.closeFuture.get()
        } onGracefulShutdown: {
            logger.info("broker shutting down")
            server.close(promise: nil)
        }
        ticks.cancel()
        retention.cancel()
        syncs?.cancel()
        report?.cancel()
        statistics?.report(to: logger, all: true)
        for channel in connections.withLockedValue({ Array($0.values) }) { try? await channel.close() }
        if configuration.fsync == .interval { state.syncSegments() }
        state.close()
        try await group.shutdownGracefully()
    }
}

/// Why a connection beyond `BrokerConfiguration.maxConnections` was closed.
struct ConnectionLimitReached: Error, CustomStringConvertible {
    var limit: Int
    var description: String { "more than \(limit) open connections" }
}
