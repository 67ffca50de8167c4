import HeraldCatalog

/// A service Herald consumes for, and the URL its records are POSTed to (from `--deliver` or `deliveries:`).
public struct DeliveryTarget: Sendable, Hashable {
    public var service: String
    public var url: String

    public init(service: String, url: String) {
        self.service = service
        self.url = url
    }

    /// Parses `SERVICE=URL`; throws a message saying what is wrong.
    public static func parse(_ text: String) throws(DeliveryTargetError) -> DeliveryTarget {
        guard let equals = text.firstIndex(of: "=") else { throw DeliveryTargetError("'\(text)' is not SERVICE=URL") }
        let service = String(text[..<equals]), url = String(text[text.index(after: equals)...])
        guard !service.isEmpty else { throw DeliveryTargetError("'\(text)' names no service") }
        if let problem = CatalogManifest.Delivery.urlProblem(url) { throw DeliveryTargetError(problem) }
        return DeliveryTarget(service: service, url: url)
    }
}

public struct DeliveryTargetError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What one service consumes, as the catalog says: the second stage's output, the driver's input.
public struct ServicePlan: Sendable, Hashable {
    public var service: String
    public var url: String
    /// The consumer group whose committed offsets hold the delivery's progress.
    public var group: String
    /// One per consumed event's topic, sorted by topic.
    public var subscriptions: [Subscription]

    public init(service: String, url: String, group: String, subscriptions: [Subscription]) {
        self.service = service
        self.url = url
        self.group = group
        self.subscriptions = subscriptions
    }

    /// One consumed event.
    public struct Subscription: Sendable, Hashable {
        public var event: String
        public var topic: String
        /// The payload field holding the event ID (`idField`, default `eventId`).
        public var idField: String
        public var retry: RetryPolicy
        /// nil when the event has no dead-letter policy or turned it off: after the last retry the record is skipped
        /// with an alert.
        public var deadLetterTopic: String?
        /// Whether a dead letter raises an alert (the policy's `alert`, default true).
        public var alert: Bool

        public init(event: String, topic: String, idField: String, retry: RetryPolicy, deadLetterTopic: String?, alert: Bool) {
            self.event = event
            self.topic = topic
            self.idField = idField
            self.retry = retry
            self.deadLetterTopic = deadLetterTopic
            self.alert = alert
        }
    }
}

/// Options of the delivery that are not in the catalog.
public struct DeliverySettings: Sendable, Hashable {
    /// Per attempt, in milliseconds (`--deliver-timeout`).
    public var timeoutMilliseconds: Int64 = 10_000
    /// `--dedup-window`, in milliseconds.
    public var dedupWindowMilliseconds: Int64 = 24 * 3_600_000
    /// `--retry-backoff-scale`.
    public var backoffScale: Double = 1
    /// `--alert-webhook`.
    public var alertWebhook: String?

    public init() {}
}

/// The catalog and the targets turned into what each service consumes.
public enum DeliveryPlanner {
    /// The consumer group of a simulated service.
    public static func group(of service: String) -> String { "herald-deliver.\(service)" }

    /// One plan per target, sorted by service; `warnings` says which targets consume nothing or are unknown.
    public static func plan(catalog: ResolvedCatalog, targets: [DeliveryTarget], settings: DeliverySettings) -> (plans: [ServicePlan], warnings: [String]) {
        var plans: [ServicePlan] = []
        var warnings: [String] = []
        for target in targets.sorted(by: { $0.service < $1.service }) {
            if catalog.hasManifest, catalog.services[target.service] == nil {
                warnings.append("--deliver \(target.service): not a service in catalog.yaml")
            }
            var subscriptions: [ServicePlan.Subscription] = []
            for event in catalog.events {
                guard let manifest = event.manifest, manifest.consumers.contains(where: { $0.value == target.service }) else { continue }
                // The broker and the AsyncAPI documents use the same definitions of the policy and the topic.
                let policy = catalog.deadLetterPolicy(of: event)
                subscriptions.append(.init(
                    event: event.name, topic: event.topic, idField: manifest.idField?.value ?? "eventId",
                    retry: RetryPolicy(policy, scale: settings.backoffScale), deadLetterTopic: catalog.deadLetterTopic(of: event),
                    alert: policy?.alert ?? true))
            }
            if subscriptions.isEmpty { warnings.append("--deliver \(target.service): the service consumes no event; nothing will be delivered") }
            subscriptions.sort { $0.topic < $1.topic }
            plans.append(ServicePlan(service: target.service, url: target.url, group: group(of: target.service), subscriptions: subscriptions))
        }
        return (plans, warnings)
    }

    /// The targets of catalog.yaml's `deliveries:` with the command line's on top (a service named in both
    /// goes to the command line's URL).
    public static func targets(catalog: CatalogManifest, commandLine: [DeliveryTarget]) -> [DeliveryTarget] {
        var byService: [String: DeliveryTarget] = [:]
        for delivery in catalog.deliveries { byService[delivery.service.value] = DeliveryTarget(service: delivery.service.value, url: delivery.url.value) }
        for target in commandLine { byService[target.service] = target }
        return byService.values.sorted { $0.service < $1.service }
    }
}
