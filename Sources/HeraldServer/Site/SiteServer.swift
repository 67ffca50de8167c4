import HeraldDelivery
import Hummingbird
import Logging

/// The site as a service: a Hummingbird application on `host:port` (0 picks a free port), reporting the bound port
/// through `onListening` once it accepts connections. `deliveries` adds the delivery JSON API (`DeliveryRoutes`)
/// and the alert banner on HTML pages.
public func siteApplication(
    site: LiveSite, live: LiveRoutes? = nil, host: String, port: Int, logger: Logger,
    deliveries: (any DeliveryStatusSource)? = nil,
    onListening: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    // Registered before the site's catch-all routes.
    if let deliveries {
        router.add(middleware: AlertBannerMiddleware(source: deliveries))
        DeliveryRoutes(source: deliveries).add(to: router)
    }
    SiteRoutes(site: site, live: live).add(to: router)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "herald-serve"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
        logger: logger)
}
