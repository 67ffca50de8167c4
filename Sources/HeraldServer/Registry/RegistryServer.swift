import HeraldRegistry
import Hummingbird
import Logging

/// The registry API as a service: a Hummingbird application on `host:port` (0 picks a free port), reporting the
/// bound port through `onListening` once it accepts connections.
public func registryApplication(
    registry: LiveRegistry, host: String, port: Int, logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    Application(
        router: RegistryRoutes(registry: registry).router(),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "herald-registry"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger)
}
