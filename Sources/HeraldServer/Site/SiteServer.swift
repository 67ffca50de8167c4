import Hummingbird
import Logging

/// The site as a service: a Hummingbird application on `host:port` (0 picks a free port), reporting the bound port
/// through `onListening` once it accepts connections.
public func siteApplication(
    site: LiveSite, live: LiveRoutes? = nil, host: String, port: Int, logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    Application(
        router: SiteRoutes(site: site, live: live).router(),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "herald-serve"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger)
}
