import ArgumentParser
import Foundation
import HeraldAvro
import HeraldBroker
import HeraldCatalog
import HeraldDelivery
import HeraldRegistry
import Logging
import ServiceLifecycle

/// `herald serve`'s options for simulated consumers (`--deliver` and its settings).
struct DeliveryOptions: ParsableArguments {
    @Option(name: .customLong("deliver"), help: ArgumentHelp(
        "Act as SERVICE's consumer: POST each record of the events it consumes to URL as JSON (repeatable; adds to catalog.yaml's deliveries:).",
        valueName: "SERVICE=URL"))
    var deliver: [String] = []

    @Option(name: .customLong("deliver-timeout"), help: "How long one delivery attempt may take (500ms, 10s, 1m).")
    var deliverTimeout = "10s"

    @Option(name: .customLong("dedup-window"), help: "How long a delivered event ID keeps a record with the same ID from being delivered again.")
    var dedupWindow = "24h"

    @Option(name: .customLong("retry-backoff-scale"), help: "Multiplies every retry backoff (meant for tests and demos: 0.01 turns 1 s into 10 ms).")
    var retryBackoffScale = 1.0

    @Option(name: .customLong("alert-webhook"), help: "POST every delivery alert to this URL as JSON.")
    var alertWebhook: String?

    func validate() throws {
        for spec in deliver {
            do { _ = try DeliveryTarget.parse(spec) } catch { throw ValidationError("--deliver: \(error)") }
        }
        guard let timeout = DLQPolicy.milliseconds(deliverTimeout), timeout > 0 else {
            throw ValidationError("--deliver-timeout '\(deliverTimeout)' is not a duration such as 500ms, 10s or 1m")
        }
        guard let window = DLQPolicy.milliseconds(dedupWindow), window >= 0 else {
            throw ValidationError("--dedup-window '\(dedupWindow)' is not a duration such as 10m, 1h or 24h")
        }
        _ = (timeout, window)
        guard retryBackoffScale.isFinite, retryBackoffScale >= 0 else {
            throw ValidationError("--retry-backoff-scale must be a number of at least 0")
        }
        if let alertWebhook, let problem = CatalogManifest.Delivery.urlProblem(alertWebhook) {
            throw ValidationError("--alert-webhook: \(problem)")
        }
    }

    var settings: DeliverySettings {
        var settings = DeliverySettings()
        settings.timeoutMilliseconds = Int64(DLQPolicy.milliseconds(deliverTimeout) ?? 10_000)
        settings.dedupWindowMilliseconds = Int64(DLQPolicy.milliseconds(dedupWindow) ?? 86_400_000)
        settings.backoffScale = retryBackoffScale
        settings.alertWebhook = alertWebhook
        return settings
    }

    /// The delivery service for the catalog's `deliveries:` and the `--deliver` options; nil when there are none.
    func service(catalog: BrokerStack.LoadedCatalog, broker: BrokerState, registry: LiveRegistry, board: DeliveryBoard, logger: Logger) -> DeliveryService? {
        let commandLine = deliver.compactMap { try? DeliveryTarget.parse($0) }
        let targets = DeliveryPlanner.targets(catalog: catalog.resolved.manifest, commandLine: commandLine)
        guard !targets.isEmpty else { return nil }
        let (plans, warnings) = DeliveryPlanner.plan(catalog: catalog.resolved, targets: targets, settings: settings)
        for warning in warnings { logger.warning("\(warning)") }
        return DeliveryService(
            plans: plans, settings: settings, broker: broker, schemas: RegistryDeliverySchemas(registry: registry), board: board,
            logger: logger, clock: { Int64(Date().timeIntervalSince1970 * 1000) })
    }
}

/// The live registry as delivery's schema source.
struct RegistryDeliverySchemas: DeliverySchemaSource {
    let registry: LiveRegistry

    func schema(id: UInt32) -> AvroSchema? { registry.parsedSchema(id: id) }

    func version(ofSchema id: UInt32, subject: String) -> Int? {
        let usages = try? registry.read { state throws(RegistryError) in try state.usages(ofSchema: Int(id)) }
        return usages?.first { $0.subject == subject }?.version
    }
}
