import ArgumentParser
import Foundation
import HeraldBroker
import HeraldDelivery
import HeraldServer
import Logging
import ServiceLifecycle

/// `herald serve`: the broker, the registry and the catalog site over HTTP, rebuilt on every edit of the catalog.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the catalog site, the broker and the registry; rebuild and reload open pages on every edit.",
        discussion: "Runs until SIGINT/SIGTERM. While the catalog has errors the last good site stays up with the diagnostics over every page.")

    @Option(help: "The catalog directory.")
    var catalog = "schemas"

    @Option(help: "Interface to listen on (loopback by default; anything else is reachable from other machines).")
    var host = "127.0.0.1"

    @Option(help: "Site port (0 picks a free port).")
    var port = 8080

    @Option(name: .customLong("kafka-port"), help: "Kafka listener port (0 picks a free port).")
    var kafkaPort = 9092

    @Option(name: .customLong("registry-port"), help: "Schema Registry API port (0 picks a free port).")
    var registryPort = 8081

    @Option(name: .customLong("data-dir"), help: "Persist the broker's logs and the registry's changes here.")
    var dataDir: String?

    @Option(help: "A templates directory laid over Herald's own (only the templates it changes); watched like the catalog.")
    var templates: String?

    @Option(help: "How edits are noticed: auto (inotify where the system has it, else polling) or poll (a scan every 200 ms).")
    var watch = "auto"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @OptionGroup(title: "Simulated consumers")
    var delivery: DeliveryOptions

    func validate() throws {
        for (name, value) in [("--port", port), ("--kafka-port", kafkaPort), ("--registry-port", registryPort)] {
            guard (0...65_535).contains(value) else { throw ValidationError("\(name) must be between 0 and 65535") }
        }
        guard ["auto", "poll"].contains(watch) else { throw ValidationError("--watch must be auto or poll") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        let logger = BrokerStack.logger(label: "herald.serve", level: Logger.Level(rawValue: logLevel) ?? .info)
        var options = BrokerStack.Options()
        options.host = host
        options.kafkaPort = kafkaPort
        options.registryPort = registryPort
        options.dataDir = dataDir
        let refusals = RefusalLog()
        options.refusals = refusals
        let stack = BrokerStack(options: options, logger: logger, command: "herald serve")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: catalog, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw stack.fail("--catalog \(catalog): no such folder")
        }
        if !Self.isLoopback(host) {
            let warning = "WARNING: herald serve is listening on \(host), not loopback: the site, the broker and the registry "
                + "(which accepts writes) are reachable from other machines, without authentication.\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
        let build = ServeBuild(catalog: catalog, templates: templates)
        let templateRoots: [String]
        do {
            templateRoots = try TemplateLocation.folders(templates).all.map(\.path)
        } catch {
            throw stack.fail("\(error)")
        }
        // Watching starts from the tree as it is before the first build, so an edit made during it is not missed.
        let site = LiveSite()
        let roots = [catalog] + templateRoots
        let watch = CatalogWatchService.Watch.start(roots: roots, polling: self.watch == "poll")
        let (first, memo) = build.run(memo: ServeBuild.Memo())
        CatalogWatchService.apply(first, to: site, logger: logger)
        let loaded = try stack.loadCatalog(catalog)
        let broker = try stack.services(catalog: loaded)
        let brokerServices = broker.services
        logger.info("watching the catalog", metadata: ["by": "\(watch.name)"])
        let watcher = CatalogWatchService(watch: watch, build: build, site: site, registry: broker.registry, logger: logger,
                                          subjects: first.subjects, memo: memo)
        let board = DeliveryBoard()
        let deliveryService = delivery.service(
            catalog: loaded, broker: broker.broker, registry: broker.registry, board: board, logger: logger)
        // The live layer reads the broker's records and refusals in-process and publishes through its produce path.
        let live = LiveLayer(catalog: loaded.resolved, requests: broker.requests, registry: broker.registry,
                             source: RegistrySchemaSource(registry: broker.registry), refusals: refusals,
                             deliveries: deliveryService == nil ? nil : board)
        let displayHost = host
        let application = siteApplication(
            site: site, live: LiveRoutes(layer: live), host: host, port: port, logger: logger, deliveries: board
        ) { port in
            printLine("herald serve listening on http://\(displayHost):\(port)")
        }
        // Services stop in reverse order: the live feed and the watcher first (ending the pages' event streams),
        // then the site. Delivery stops before the broker it reads from.
        let services = brokerServices + ([application, watcher, LiveFeed(layer: live)] + (deliveryService.map { [$0] } ?? []) as [any Service]).map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: NamedService($0), successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw stack.fail("stopped: \(error)")
        }
    }

    /// True for addresses only this machine reaches.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// A service the service group knows by its type's name. The group describes every service it is given, and the
/// default description reflects the whole value: for a service holding a catalog of 1,000 events (the live layer, the
/// watcher's memo) that took minutes before the servers started.
struct NamedService: Service, CustomStringConvertible {
    let base: any Service
    let description: String

    init(_ base: any Service) {
        self.base = base
        description = String(describing: type(of: base))
    }

    func run() async throws { try await base.run() }
}
