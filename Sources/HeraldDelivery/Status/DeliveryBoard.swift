import Foundation
import NIOConcurrencyHelpers

/// What the live site reads about delivery: the state per simulated service and the recent alerts.
public protocol DeliveryStatusSource: Sendable {
    /// Every simulated service's state, sorted by service.
    func services() -> [ServiceDeliveryStatus]
    /// The most recent alerts, newest first.
    func alerts() -> [DeliveryAlert]
    /// The kept delivery steps with a sequence above `sequence`, oldest first.
    func steps(after sequence: UInt64) -> [DeliveryStep]
    /// The sequence of the newest step (0 before any).
    var latestStepSequence: UInt64 { get }
}

/// One simulated service's delivery state, as `GET /_live/deliveries` answers it.
public struct ServiceDeliveryStatus: Sendable, Hashable, Codable {
    public var service: String
    public var url: String
    public var group: String
    public var events: [String]
    public var delivered: Int
    public var retrying: Int
    public var retries: Int
    public var deadLettered: Int
    public var duplicates: Int
    public var failures: Int
    public var partitions: [Partition]
    /// The most recent failed attempt, any partition.
    public var lastFailure: String?

    public struct Partition: Sendable, Hashable, Codable {
        public var topic: String
        public var partition: Int32
        /// The committed position: the next record to deliver.
        public var nextOffset: Int64
        /// Failed attempts of the record at `nextOffset`.
        public var failures: Int
        /// When it is tried again, ms since the epoch.
        public var retryAt: Int64?
    }

    public init(plan: ServicePlan, machine: ServiceDelivery, lastFailure: String?) {
        service = plan.service
        url = plan.url
        group = plan.group
        events = plan.subscriptions.map(\.event)
        delivered = machine.counts.delivered
        retrying = machine.counts.retrying
        retries = machine.counts.retries
        deadLettered = machine.counts.deadLettered
        duplicates = machine.counts.duplicates
        failures = machine.counts.failures
        partitions = machine.partitions.keys.sorted().compactMap { key in
            machine.partitions[key].map {
                Partition(topic: $0.topic, partition: $0.partition, nextOffset: $0.nextOffset, failures: $0.failures, retryAt: $0.retryAtMs)
            }
        }
        self.lastFailure = lastFailure
    }
}

/// The shared, lock-protected copy of the delivery state the driver publishes after every change.
public final class DeliveryBoard: DeliveryStatusSource, @unchecked Sendable {
    private let lock = NIOLock()
    private var byService: [String: ServiceDeliveryStatus] = [:]
    private var recentAlerts: [DeliveryAlert] = []
    private var nextAlertID = 1
    private var recentSteps: [DeliveryStep] = []
    private var lastStep: UInt64 = 0
    /// How many alerts are kept.
    public let alertLimit: Int
    /// How many delivery steps are kept.
    public let stepLimit: Int

    public init(alertLimit: Int = 100, stepLimit: Int = 10_000) {
        self.alertLimit = alertLimit
        self.stepLimit = stepLimit
    }

    /// Keeps `step` with the next sequence and returns it as kept.
    @discardableResult
    public func record(_ step: DeliveryStep) -> DeliveryStep {
        lock.withLock {
            var step = step
            lastStep += 1
            step.sequence = lastStep
            recentSteps.append(step)
            if recentSteps.count > stepLimit { recentSteps.removeFirst(recentSteps.count - stepLimit) }
            return step
        }
    }

    public func steps(after sequence: UInt64) -> [DeliveryStep] {
        lock.withLock {
            // Sequences are dense and ascending, so the first one after `sequence` is found by arithmetic.
            guard let first = recentSteps.first?.sequence else { return [] }
            let skip = sequence >= first ? Int(min(sequence - first + 1, UInt64(recentSteps.count))) : 0
            return Array(recentSteps[skip...])
        }
    }

    public var latestStepSequence: UInt64 {
        lock.withLock { lastStep }
    }

    public func publish(_ status: ServiceDeliveryStatus) {
        lock.withLock { byService[status.service] = status }
    }

    /// Stores `alert` with the next ID and returns it as stored.
    public func raise(_ alert: DeliveryAlert) -> DeliveryAlert {
        lock.withLock {
            var alert = alert
            alert.id = nextAlertID
            nextAlertID += 1
            recentAlerts.append(alert)
            if recentAlerts.count > alertLimit { recentAlerts.removeFirst(recentAlerts.count - alertLimit) }
            return alert
        }
    }

    public func services() -> [ServiceDeliveryStatus] {
        lock.withLock { byService.values.sorted { $0.service < $1.service } }
    }

    public func alerts() -> [DeliveryAlert] {
        lock.withLock { recentAlerts.reversed() }
    }
}
