import Foundation
import HeraldBroker
import HeraldKafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// Herald as the consumer of the simulated services: reads each subscribed partition from the broker in offset
/// order, POSTs every record to the service's URL, retries with the event's policy, dead-letters and alerts after the
/// last retry, skips duplicates, and commits each settled offset to the service's consumer group. One task per
/// service; the decisions are `ServiceDelivery`'s.
public struct DeliveryService: Service {
    let plans: [ServicePlan]
    let settings: DeliverySettings
    let broker: BrokerState
    let schemas: any DeliverySchemaSource
    let board: DeliveryBoard
    let logger: Logger
    let clock: @Sendable () -> Int64

    /// `clock` gives milliseconds since the epoch.
    public init(plans: [ServicePlan], settings: DeliverySettings, broker: BrokerState, schemas: any DeliverySchemaSource,
                board: DeliveryBoard, logger: Logger, clock: @escaping @Sendable () -> Int64) {
        self.plans = plans
        self.settings = settings
        self.broker = broker
        self.schemas = schemas
        self.board = board
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        let http = HTTPDeliveryClient()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for plan in plans where !plan.subscriptions.isEmpty {
                    let consumer = ServiceConsumer(plan: plan, context: self, http: http)
                    group.addTask { await consumer.run() }
                }
            }
        }
        await http.shutdown()
        // With nothing to deliver the service still runs until the group shuts down, which ending would trigger.
        try? await gracefulShutdown()
    }
}

/// The loop delivering to one service.
struct ServiceConsumer: Sendable {
    let plan: ServicePlan
    let context: DeliveryService
    let http: HTTPDeliveryClient
    /// The most records read from one partition at a time.
    static let fetchBytes = 1 << 20
    /// The longest idle wait before the partitions are looked at again even without a wake-up.
    static let idleMilliseconds: Int64 = 1000

    typealias Key = ServiceDelivery.PartitionKey

    func run() async {
        let broker = context.broker
        var keys: [Key] = []
        var subscriptionOf: [String: ServicePlan.Subscription] = [:]
        for subscription in plan.subscriptions {
            subscriptionOf[subscription.topic] = subscription
            let partitions = broker.partitionCount(subscription.topic) ?? broker.ensureTopic(subscription.topic, autoCreate: true).partitions
            for partition in 0..<max(0, partitions) { keys.append(Key(subscription.topic, partition)) }
        }
        // Resume at the group's committed positions; a partition the group never committed starts at the log start.
        let committed = broker.fetchOffsets(plan.group, partitions: keys.map { TopicPartition($0.topic, $0.partition) })
        var start: [Key: Int64] = [:]
        for (partition, position) in committed {
            let key = Key(partition.topic, partition.partition)
            start[key] = position?.offset ?? broker.read(partition, from: 0, maxBytes: 0).logStartOffset
        }
        var machine = ServiceDelivery(service: plan.service, start: start, dedupWindowMilliseconds: context.settings.dedupWindowMilliseconds)
        var buffers: [Key: [StoredRecord]] = [:]
        var lastFailure: String?
        publish(machine, lastFailure)
        context.logger.info("delivering", metadata: [
            "service": "\(plan.service)", "url": "\(plan.url)", "group": "\(plan.group)",
            "topics": "\(plan.subscriptions.map(\.topic).joined(separator: ","))"])

        while !Task.isCancelled {
            var worked = false
            var earliestRetry: Int64?
            var idle: [TopicPartition: Int64] = [:]
            for key in keys {
                guard !Task.isCancelled, let subscription = subscriptionOf[key.topic], let next = machine.nextOffset(of: key) else { continue }
                if buffers[key, default: []].first?.offset != next {
                    buffers[key] = fetch(key, from: next, machine: &machine)
                }
                guard let record = buffers[key]?.first, let offset = machine.nextOffset(of: key), record.offset == offset else {
                    if let offset = machine.nextOffset(of: key) { idle[TopicPartition(key.topic, key.partition)] = offset }
                    continue
                }
                let decoded: DecodedRecord
                do {
                    decoded = try DecodedRecord.decode(record, subscription: subscription, schemas: context.schemas)
                } catch {
                    // Nothing can make the record decode: dead-letter it without retries.
                    lastFailure = "\(key.topic)/\(key.partition)@\(record.offset): \(error)"
                    if case .deadLetter(let attempts, let failure)? = machine.failed(key, error, policy: subscription.retry, nowMs: context.clock()) {
                        await deadLetter(record, eventID: nil, subscription: subscription, attempts: attempts, failure: failure,
                                         machine: machine, lastFailure: lastFailure)
                    }
                    buffers[key]?.removeFirst()
                    commit(key, machine)
                    publish(machine, lastFailure)
                    worked = true
                    continue
                }
                switch machine.decide(key, offset: record.offset, eventID: decoded.eventID, nowMs: context.clock()) {
                case .wait(let until):
                    earliestRetry = min(earliestRetry ?? until, until)
                    continue
                case .duplicate:
                    note(DeliveryStep(time: context.clock(), service: plan.service, event: subscription.event, record: record,
                                      eventId: decoded.eventID, outcome: .duplicate, attempt: 0), machine, lastFailure)
                    context.logger.debug("duplicate skipped", metadata: [
                        "service": "\(plan.service)", "eventId": "\(decoded.eventID ?? "")", "offset": "\(record.offset)"])
                    buffers[key]?.removeFirst()
                    commit(key, machine)
                case .deliver(let attempt):
                    let request = DeliveryRequest(record: decoded, service: plan.service, url: plan.url, attempt: attempt)
                    let outcome = await http.send(request, timeoutMilliseconds: context.settings.timeoutMilliseconds)
                    // Stopping mid-request settles nothing: the record is delivered again after a restart.
                    if Task.isCancelled { break }
                    if let failure = outcome {
                        lastFailure = "\(key.topic)/\(key.partition)@\(record.offset) attempt \(attempt): \(failure)"
                        switch machine.failed(key, failure, policy: subscription.retry, nowMs: context.clock()) {
                        case .retry(let retry, let at)?:
                            note(DeliveryStep(time: context.clock(), service: plan.service, event: subscription.event, record: record,
                                              eventId: decoded.eventID, outcome: .retrying, attempt: attempt, failure: failure, retryAt: at),
                                 machine, lastFailure)
                            context.logger.warning("delivery failed, retrying", metadata: [
                                "service": "\(plan.service)", "topic": "\(key.topic)", "partition": "\(key.partition)",
                                "offset": "\(record.offset)", "failure": "\(failure)", "retry": "\(retry)",
                                "in_ms": "\(max(0, at - context.clock()))"])
                        case .deadLetter(let attempts, let failure)?:
                            await deadLetter(record, eventID: decoded.eventID, subscription: subscription, attempts: attempts, failure: failure,
                                             machine: machine, lastFailure: lastFailure)
                            buffers[key]?.removeFirst()
                            commit(key, machine)
                        case nil:
                            break
                        }
                    } else {
                        _ = machine.delivered(key, eventID: decoded.eventID, nowMs: context.clock())
                        note(DeliveryStep(time: context.clock(), service: plan.service, event: subscription.event, record: record,
                                          eventId: decoded.eventID, outcome: .delivered, attempt: attempt), machine, lastFailure)
                        buffers[key]?.removeFirst()
                        commit(key, machine)
                    }
                }
                publish(machine, lastFailure)
                worked = true
            }
            if worked { continue }
            let now = context.clock()
            let wait = min(Self.idleMilliseconds, max(0, (earliestRetry ?? Int64.max) - now))
            await waitForRecords(idle, upToMilliseconds: wait)
        }
    }

    /// Reads the records of `key` from `offset`; moves the partition past what is not delivered (control batches,
    /// aborted transactions, records removed by retention).
    func fetch(_ key: Key, from offset: Int64, machine: inout ServiceDelivery) -> [StoredRecord] {
        let partition = TopicPartition(key.topic, key.partition)
        let read = context.broker.read(partition, from: offset, maxBytes: Self.fetchBytes, readCommitted: true)
        if read.error == .offsetOutOfRange {
            if read.logStartOffset > offset {
                context.logger.warning("records removed before delivery", metadata: [
                    "service": "\(plan.service)", "topic": "\(key.topic)", "partition": "\(key.partition)",
                    "from": "\(offset)", "to": "\(read.logStartOffset)"])
                machine.skip(key, to: read.logStartOffset)
                commit(key, machine)
            }
            return []
        }
        guard read.error == .noError else { return [] }
        var records: [StoredRecord] = []
        var end = offset
        for bytes in read.batches {
            var buffer = bytes
            let batch: RecordBatch
            do {
                batch = try RecordBatch.parse(from: &buffer)
                end = max(end, batch.header.lastOffset + 1)
                if batch.header.attributes.isTransactional, read.abortedTransactions.contains(where: {
                    $0.producerId == batch.header.producerId && $0.firstOffset <= batch.header.baseOffset
                        && batch.header.baseOffset < $0.markerOffset
                }) { continue }
                records += try StoredRecord.records(of: batch, topic: key.topic, partition: key.partition, from: offset)
            } catch {
                // A stored batch that does not read back cannot be delivered; it is passed over, said loudly.
                guard let header = RecordBatchHeader(peekingAt: bytes) else { break }
                end = max(end, header.lastOffset + 1)
                context.logger.error("stored batch not readable, not delivered", metadata: [
                    "service": "\(plan.service)", "topic": "\(key.topic)", "partition": "\(key.partition)",
                    "offsets": "\(header.baseOffset)-\(header.lastOffset)", "error": "\(error)"])
            }
        }
        // Nothing deliverable in what was read: move past it.
        if records.isEmpty, end > offset {
            machine.skip(key, to: end)
            commit(key, machine)
        } else if let first = records.first, first.offset > offset {
            machine.skip(key, to: first.offset)
            commit(key, machine)
        }
        return records
    }

    func commit(_ key: Key, _ machine: ServiceDelivery) {
        guard let next = machine.nextOffset(of: key) else { return }
        let errors = context.broker.commitOffsets(plan.group, memberId: "", generation: -1, entries: [
            .init(partition: TopicPartition(key.topic, key.partition), offset: next, metadata: "herald serve --deliver"),
        ])
        if let error = errors.first, error != .noError {
            context.logger.error("could not commit the delivery position", metadata: [
                "service": "\(plan.service)", "group": "\(plan.group)", "error": "\(error)"])
        }
    }

    func publish(_ machine: ServiceDelivery, _ lastFailure: String?) {
        context.board.publish(ServiceDeliveryStatus(plan: plan, machine: machine, lastFailure: lastFailure))
    }

    /// Publishes the state `step` leaves, then keeps the step, so a reader told of the step finds the state it left.
    func note(_ step: DeliveryStep, _ machine: ServiceDelivery, _ lastFailure: String?) {
        publish(machine, lastFailure)
        context.board.record(step)
    }

    /// Writes the dead letter (when the event has a dead-letter topic) and raises the alert.
    func deadLetter(_ record: StoredRecord, eventID: String?, subscription: ServicePlan.Subscription, attempts: Int, failure: DeliveryFailure,
                    machine: ServiceDelivery, lastFailure: String? = nil) async {
        let letter = DeadLetter(record: record, service: plan.service, attempts: attempts, failure: failure)
        var stored: Int64?
        if let topic = subscription.deadLetterTopic {
            stored = append(letter, to: topic, partition: record.partition)
        }
        note(DeliveryStep(time: context.clock(), service: plan.service, event: subscription.event, record: record, eventId: eventID,
                          outcome: .deadLettered, attempt: attempts, failure: failure,
                          deadLetterTopic: stored == nil ? nil : subscription.deadLetterTopic, deadLetterOffset: stored),
             machine, lastFailure)
        var alert = DeliveryAlert(
            id: 0, time: context.clock(), service: plan.service, event: subscription.event, topic: record.topic,
            partition: record.partition, offset: record.offset, eventId: eventID, attempts: attempts,
            status: failure.statusText, reason: DeadLetter.excerpt(failure.detail),
            deadLetterTopic: stored == nil ? nil : subscription.deadLetterTopic, deadLetterOffset: stored)
        guard subscription.alert else {
            context.logger.warning("\(alert.message)")
            return
        }
        alert = context.board.raise(alert)
        context.logger.error("ALERT \(alert.message)", metadata: ["alert": "\(alert.id)", "reason": "\(alert.reason)"])
        if let webhook = context.settings.alertWebhook {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            guard let json = try? encoder.encode(alert) else { return }
            if let problem = await http.post(json: json, to: webhook, timeoutMilliseconds: context.settings.timeoutMilliseconds) {
                context.logger.error("could not POST the alert to the webhook", metadata: ["url": "\(webhook)", "error": "\(problem)"])
            }
        }
    }

    /// Appends `letter` to `topic` (creating it when missing), to the record's partition number modulo the topic's
    /// partitions; returns the offset it was stored at.
    func append(_ letter: DeadLetter, to topic: String, partition: Int32) -> Int64? {
        let ensured = context.broker.ensureTopic(topic, autoCreate: true)
        guard ensured.error == .noError, ensured.partitions > 0 else {
            context.logger.error("no dead-letter topic", metadata: ["topic": "\(topic)", "error": "\(ensured.error)"])
            return nil
        }
        do {
            let batch = try letter.batch(nowMs: context.clock())
            let target = TopicPartition(topic, partition % ensured.partitions)
            switch context.broker.append(batch.bytes, header: batch.header, to: target, sync: false) {
            case .appended(let base, _), .duplicate(let base, _): return base
            case .failed(let error, _):
                context.logger.error("could not write the dead letter", metadata: ["topic": "\(topic)", "error": "\(error)"])
                return nil
            }
        } catch {
            context.logger.error("could not build the dead letter", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return nil
        }
    }

    /// Returns when a record arrives on one of `idle`, after `upToMilliseconds`, or on cancellation.
    func waitForRecords(_ idle: [TopicPartition: Int64], upToMilliseconds wait: Int64) async {
        guard wait > 0 else { return }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let parked = idle.isEmpty ? nil : context.broker.parkFetch(idle, minBytes: 1, readCommitted: true) {
            continuation.yield()
        }
        if !idle.isEmpty && parked == nil { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in stream { return } }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(wait) * 1_000_000) }
            await group.next()
            group.cancelAll()
        }
        continuation.finish()
        if let parked { context.broker.cancelFetch(parked) }
    }
}
