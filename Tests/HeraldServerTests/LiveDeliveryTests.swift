import Foundation
import HeraldBroker
import HeraldDelivery
import Testing
@testable import HeraldServer

/// The live layer joined with simulated delivery: the feed streams delivery steps and alerts from the board, traces
/// include a record's deliveries, and the event panel shows each consuming service's state and the event's alerts.
@Suite struct LiveDeliveryTests {
    static let event = "vehicle.configured"
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    static func plan() -> ServicePlan {
        ServicePlan(service: "pricing", url: "http://127.0.0.1:9/in", group: "herald-deliver.pricing", subscriptions: [
            .init(event: event, topic: event, idField: "eventId", retry: .standard, deadLetterTopic: "\(event).dlq", alert: true),
        ])
    }

    static func step(_ record: HeraldDelivery.StoredRecord, _ outcome: DeliveryStep.Outcome, attempt: Int, time: Int64) -> DeliveryStep {
        DeliveryStep(time: time, service: "pricing", event: event, record: record, eventId: "e-1", outcome: outcome, attempt: attempt,
                     failure: outcome == .delivered ? nil : .status(500, body: "pricing is <down>"),
                     retryAt: outcome == .retrying ? time + 1_000 : nil,
                     deadLetterTopic: outcome == .deadLettered ? "\(event).dlq" : nil, deadLetterOffset: outcome == .deadLettered ? 0 : nil)
    }

    static func alert() -> DeliveryAlert {
        DeliveryAlert(id: 0, time: 5, service: "pricing", event: event, topic: event, partition: 0, offset: 0, eventId: "e-1", attempts: 4,
                      status: "500", reason: "pricing is <down>", deadLetterTopic: "\(event).dlq", deadLetterOffset: 0)
    }

    @Test func feedStreamsDeliveryStepsAndAlertsFromTheBoard() throws {
        let board = DeliveryBoard()
        let fixture = try LiveFixture(deliveries: board)
        let record = HeraldDelivery.StoredRecord(topic: Self.event, partition: 0, offset: 0, timestamp: 1, key: nil, value: nil, headers: [])
        board.record(Self.step(record, .retrying, attempt: 1, time: 2))
        _ = board.raise(Self.alert())
        let feed = LiveFeed(layer: fixture.layer)
        // What happened before the feed's position is not announced again.
        let start = feed.current()
        #expect(feed.poll(from: start).events.isEmpty)
        board.record(Self.step(record, .deadLettered, attempt: 4, time: 3))
        let second = board.raise(Self.alert())
        let (events, next) = feed.poll(from: start)
        #expect(events.map(\.name) == ["delivery", "alert"])
        #expect(events.map(\.topic) == [Self.event, Self.event])
        guard case .delivery(let step)? = events.first, case .alert(let alert)? = events.last else {
            Issue.record("not a delivery and an alert: \(events)")
            return
        }
        #expect(step.outcome == .deadLettered && step.sequence == 2)
        #expect(alert.id == second.id)
        let sse = events[0].serverSentEvent
        #expect(sse.hasPrefix("event: delivery\ndata: {\"sequence\":2,"))
        #expect(sse.contains("\"outcome\":\"dead-lettered\",\"attempt\":4,\"status\":\"500\""))
        #expect(events[1].serverSentEvent.contains("\"message\":\"delivery of vehicle.configured"))
        #expect(feed.poll(from: next).events.isEmpty)
    }

    @Test func traceListsTheRecordThenItsDeliveriesInOrder() throws {
        let board = DeliveryBoard()
        let fixture = try LiveFixture(deliveries: board)
        guard case .published(let published) = fixture.layer.publisher.publish(
            event: Self.event, body: try fixture.example(Self.event, "aurora-ev-web-cash.json"), traceparent: Self.traceparent) else {
            Issue.record("not published")
            return
        }
        let stored = try #require(fixture.layer.records(topic: Self.event)?.first)
        let record = HeraldDelivery.StoredRecord(topic: published.topic, partition: published.partition, offset: published.offset, timestamp: stored.timestamp,
                                  key: nil, value: nil, headers: [("traceparent", Array(Self.traceparent.utf8))])
        let other = HeraldDelivery.StoredRecord(topic: published.topic, partition: published.partition, offset: 9, timestamp: stored.timestamp, key: nil, value: nil,
                                 headers: [("traceparent", Array("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".utf8))])
        board.record(Self.step(record, .retrying, attempt: 1, time: stored.timestamp))
        board.record(Self.step(other, .delivered, attempt: 1, time: stored.timestamp + 5))
        board.record(Self.step(record, .deadLettered, attempt: 2, time: stored.timestamp + 10))

        let steps = fixture.layer.trace(Self.traceID)
        #expect(steps.count == 3)
        guard steps.count == 3, case .stored = steps[0].kind, case .delivery(let retry) = steps[1].kind, case .delivery(let dead) = steps[2].kind else {
            Issue.record("not the record, then the retry, then the dead letter: \(steps.map(\.kind))")
            return
        }
        #expect(retry.outcome == .retrying && dead.outcome == .deadLettered)
        #expect(steps.allSatisfy { $0.event == Self.event })
        let page = LivePanel.tracePage(Self.traceID, steps: steps, catalog: fixture.layer.catalog)
        #expect(page.contains("live-delivery-retrying"))
        #expect(page.contains("<q>pricing is &lt;down&gt;</q>"))
        #expect(!page.contains("<down>"))
    }

    @Test func panelShowsEachConsumingServiceAndTheEventsAlerts() throws {
        let board = DeliveryBoard()
        let fixture = try LiveFixture(deliveries: board)
        let event = try #require(fixture.layer.catalog.events[Self.event])
        #expect(LivePanel.data(event, layer: fixture.layer).contains("No simulated service consumes this event"))

        let key = ServiceDelivery.PartitionKey(Self.event, 0)
        var machine = ServiceDelivery(service: "pricing", start: [key: 0], dedupWindowMilliseconds: 1_000)
        _ = machine.decide(key, offset: 0, eventID: "e-1", nowMs: 0)
        _ = machine.failed(key, .status(500, body: "x"), policy: .standard, nowMs: 0)
        board.publish(ServiceDeliveryStatus(plan: Self.plan(), machine: machine, lastFailure: "\(Self.event)/0@0 attempt 1: HTTP 500"))
        var other = Self.plan()
        other.service = "billing"
        other.subscriptions[0].event = "order.placed"
        board.publish(ServiceDeliveryStatus(plan: other, machine: ServiceDelivery(service: "billing", start: [:], dedupWindowMilliseconds: 1), lastFailure: nil))
        _ = board.raise(Self.alert())

        let html = LivePanel.data(event, layer: fixture.layer)
        #expect(html.contains("id=\"herald-deliveries\""))
        #expect(html.contains("data-service=\"pricing\""))
        #expect(!html.contains("data-service=\"billing\""), "a service not consuming the event is not listed")
        #expect(html.contains("<td class=\"live-retrying\">1</td><td class=\"live-retries\">1</td>"))
        #expect(html.contains("partition 0: next offset 0; <span class=\"live-invalid\">retrying, attempt 2 at <time>1970-01-01T00:00:01.000Z</time>"))
        #expect(html.contains("id=\"herald-alerts\""))
        #expect(html.contains("<q>pricing is &lt;down&gt;</q>"))
        #expect(!html.contains("<down>"))
    }
}
