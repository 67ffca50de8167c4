import HeraldBroker
import HeraldCatalog
import HeraldDelivery
import HeraldRegistry

/// Everything the live layer of `herald serve` reads and writes: the broker's records and refusals, the registry,
/// the catalog's events, the simulated deliveries (when `serve --deliver` runs any) and the broadcaster of live events.
public struct LiveLayer: Sendable {
    public let catalog: LiveCatalog
    public let reader: RecordReader
    public let decoding: RecordDecoding
    public let publisher: LivePublisher
    public let refusals: RefusalLog
    public let broadcaster: LiveBroadcaster
    /// The delivery state, steps and alerts; nil when nothing is delivered.
    public let deliveries: (any DeliveryStatusSource)?
    /// Records listed per topic unless the request says otherwise.
    public var defaultLimit = 100
    /// Records read per partition when looking for a trace.
    public var traceScanLimit = 1_000

    /// `requests` is the broker's produce path, `source` the registry as produce-time validation reads it.
    public init(catalog: ResolvedCatalog?, requests: KafkaRequestHandler, registry: LiveRegistry, source: any ProduceSchemaSource,
                refusals: RefusalLog, broadcaster: LiveBroadcaster = LiveBroadcaster(), deliveries: (any DeliveryStatusSource)? = nil) {
        let live = LiveCatalog(catalog)
        let validator = catalog.map { ContractValidator(contracts: TopicContract.contracts(from: $0), source: source) }
        self.catalog = live
        self.reader = RecordReader(state: requests.state)
        self.decoding = RecordDecoding(registry: registry, validator: validator)
        self.publisher = LivePublisher(catalog: live, registry: registry, requests: requests, validator: validator)
        self.refusals = refusals
        self.broadcaster = broadcaster
        self.deliveries = deliveries
    }

    /// The state of every simulated service that consumes `event`.
    public func deliveryStatus(event: String) -> [ServiceDeliveryStatus] {
        deliveries?.services().filter { $0.events.contains(event) } ?? []
    }

    /// The recent alerts about `event`, newest first.
    public func alerts(event: String) -> [DeliveryAlert] {
        deliveries?.alerts().filter { $0.event == event } ?? []
    }

    /// The latest records of `topic`, newest first, decoded; nil when the topic does not exist.
    public func records(topic: String, limit: Int? = nil) -> [LiveRecord]? {
        reader.recent(topic: topic, limit: limit ?? defaultLimit).map { $0.map(decoding.record) }
    }

    /// The latest refused attempts on `topic`, newest first.
    public func refused(topic: String, limit: Int? = nil) -> [LiveRefusal] {
        refusals.recent(topic: topic, limit: limit ?? defaultLimit).map(decoding.refusal)
    }

    /// The stored records, refused attempts and delivery steps carrying `traceID`, in time order.
    public func trace(_ traceID: String) -> [TraceStep] {
        var steps: [TraceStep] = []
        for topic in reader.state.topicList() {
            for stored in reader.recent(topic: topic.name, limit: traceScanLimit) ?? []
            where TraceParent.traceID(of: stored.headers.last { $0.key == TraceParent.headerKey }?.value ?? nil) == traceID {
                let record = decoding.record(stored)
                steps.append(TraceStep(time: record.timestamp, kind: .stored(record), event: eventName(topic: record.topic)))
            }
        }
        for refusal in refusals.recent(topic: nil, limit: refusals.capacity).map(decoding.refusal) {
            for record in refusal.records where record.traceID == traceID {
                steps.append(TraceStep(time: refusal.time, kind: .refused(record, message: refusal.message), event: eventName(topic: refusal.topic)))
            }
        }
        for step in deliveries?.steps(after: 0) ?? [] where step.traceparent.flatMap({ TraceParent.traceID(of: $0) }) == traceID {
            steps.append(TraceStep(time: step.time, kind: .delivery(step), event: step.event))
        }
        return steps.sorted { ($0.time, $0.sortKey) < ($1.time, $1.sortKey) }
    }

    /// The event on `topic`, or the event whose dead-letter topic it is.
    func eventName(topic: String) -> String? {
        catalog.event(topic: topic)?.name ?? catalog.events(deadLetterTopic: topic).first?.name
    }
}

/// One point of a trace: a record stored on a topic, a refused attempt, or a delivery step of a simulated service.
public struct TraceStep: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case stored(LiveRecord)
        case refused(LiveRecord, message: String)
        case delivery(DeliveryStep)
    }

    /// Milliseconds since 1970.
    public var time: Int64
    public var kind: Kind
    /// The catalog event of the topic.
    public var event: String?

    /// The record, for a stored record or a refused attempt.
    public var record: LiveRecord? {
        switch kind {
        case .stored(let record), .refused(let record, _): record
        case .delivery: nil
        }
    }

    /// Ties in time are ordered by topic, partition and offset, a record before its deliveries, deliveries in the
    /// order they happened.
    var sortKey: String {
        func padded(_ number: some BinaryInteger) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, 20 - text.count)) + text
        }
        switch kind {
        case .stored(let record), .refused(let record, _):
            return "\(record.topic)\u{0}\(record.partition)\u{0}\(padded(record.offset))\u{0}0"
        case .delivery(let step):
            return "\(step.topic)\u{0}\(step.partition)\u{0}\(padded(step.offset))\u{0}1\(padded(step.sequence))"
        }
    }
}
