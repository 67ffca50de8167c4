import HeraldBroker
import HeraldDelivery
import ServiceLifecycle

/// Watches the broker for new records and refusals, and the delivery board for delivery steps and alerts, and
/// publishes them as `LiveEvent`s; polls every `interval` while a stream is open.
/// At graceful shutdown it ends the live streams, so open pages do not hold the server up.
public struct LiveFeed: Service {
    public let layer: LiveLayer
    public var interval: Duration
    /// Where the first stream opened after an idle spell starts; recorded from the feed's creation on, so a page
    /// that opens its stream before `run()` starts polling still gets every record stored after it opened.
    let opening = Opening()

    public init(layer: LiveLayer, interval: Duration = .milliseconds(200)) {
        self.layer = layer
        self.interval = interval
        // The hook holds what `current` reads, not the layer: the broadcaster holds the hook.
        let (reader, refusals, deliveries, opening) = (layer.reader, layer.refusals, layer.deliveries, opening)
        layer.broadcaster.onFirstListener { opening.record(Self.current(reader: reader, refusals: refusals, deliveries: deliveries)) }
    }

    /// Where the feed has read up to: the end offset per partition, the last refusal, delivery step and alert.
    public struct Position: Sendable, Hashable {
        public var offsets: [TopicPartition: Int64] = [:]
        public var refusal: UInt64 = 0
        public var delivery: UInt64 = 0
        public var alert = 0
    }

    public func run() async throws {
        defer { layer.broadcaster.onFirstListener(nil) }
        var position: Position? = opening.take() ?? current()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            // With no page listening, nothing is read, not even the ends: the first stream to open records the
            // position it starts from (under the broadcaster's lock, before it is added), and polling resumes there.
            guard layer.broadcaster.listenerCount > 0 else {
                position = nil
                continue
            }
            let (events, next) = poll(from: position ?? opening.take() ?? current())
            position = next
            for event in events { layer.broadcaster.publish(event) }
        }
        layer.broadcaster.finish()
    }

    /// The position at the current ends (nothing already stored is announced).
    public func current() -> Position {
        Self.current(reader: layer.reader, refusals: layer.refusals, deliveries: layer.deliveries)
    }

    static func current(reader: RecordReader, refusals: RefusalLog, deliveries: (any DeliveryStatusSource)?) -> Position {
        var position = Position(refusal: refusals.latestSequence)
        if let deliveries {
            position.delivery = deliveries.latestStepSequence
            position.alert = deliveries.alerts().first?.id ?? 0
        }
        for topic in reader.state.topicList() {
            for (partition, bound) in (reader.bounds(topic: topic.name) ?? []).enumerated() {
                position.offsets[TopicPartition(topic.name, Int32(partition))] = bound.end
            }
        }
        return position
    }

    /// The events since `position` and the position after them; a partition not seen before is read from its start.
    public func poll(from position: Position) -> (events: [LiveEvent], next: Position) {
        var next = position
        var events: [LiveEvent] = []
        for topic in layer.reader.state.topicList() {
            for (partition, bound) in (layer.reader.bounds(topic: topic.name) ?? []).enumerated() {
                let tp = TopicPartition(topic.name, Int32(partition))
                let from = max(position.offsets[tp] ?? bound.start, bound.start)
                guard from < bound.end else {
                    next.offsets[tp] = max(from, bound.end)
                    continue
                }
                for stored in layer.reader.read(tp, from: from, to: bound.end) {
                    events.append(.record(layer.decoding.record(stored)))
                }
                next.offsets[tp] = bound.end
            }
        }
        for refusal in layer.refusals.after(position.refusal) {
            events.append(.refusal(layer.decoding.refusal(refusal)))
            next.refusal = refusal.sequence
        }
        if let deliveries = layer.deliveries {
            for step in deliveries.steps(after: position.delivery) {
                events.append(.delivery(step))
                next.delivery = step.sequence
            }
            for alert in deliveries.alerts().reversed() where alert.id > position.alert {
                events.append(.alert(alert))
                next.alert = alert.id
            }
        }
        return (events, next)
    }
}
