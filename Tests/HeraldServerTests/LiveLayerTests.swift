import Foundation
import HeraldAvro
import HeraldBroker
import Testing
@testable import HeraldServer

/// The live layer against a real in-memory broker and the registry preloaded from the bundled catalog: publishing
/// through the produce path, reading records back decoded, refusals, traces, dead letters, and escaping.
@Suite struct LiveLayerTests {
    @Test func publishedExampleIsStoredDecodedAndTraced() throws {
        let fixture = try LiveFixture()
        let outcome = fixture.layer.publisher.publish(
            event: "vehicle.configured", body: try fixture.example("vehicle.configured", "aurora-ev-web-cash.json"), traceparent: nil)
        guard case .published(let published) = outcome else {
            Issue.record("not published: \(outcome)")
            return
        }
        #expect(published.topic == "vehicle.configured")
        #expect(published.offset == 0)
        #expect(published.schemaVersion == 3)
        #expect(TraceParent.traceID(of: published.traceparent) == published.traceID)
        let records = try #require(fixture.layer.records(topic: "vehicle.configured"))
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.partition == published.partition)
        #expect(record.offset == 0)
        #expect(record.validation == .valid)
        #expect(record.schemaID == published.schemaID)
        #expect(record.subject == "vehicle.configured-value")
        #expect(record.schemaVersion == 3)
        #expect(record.traceID == published.traceID)
        #expect(record.key.map { String(decoding: $0, as: UTF8.self) } != nil)
        let json = try #require(record.json)
        #expect(json.contains("\"configurationCode\""))

        let steps = fixture.layer.trace(published.traceID)
        #expect(steps.count == 1)
        #expect(steps.first?.event == "vehicle.configured")
        #expect(fixture.layer.trace(TraceParent.traceID(of: TraceParent.fresh())!).isEmpty)
    }

    @Test func givenTraceparentIsKeptAndAMalformedOneRefused() throws {
        let fixture = try LiveFixture()
        let body = try fixture.example("vehicle.configured", "aurora-ev-web-cash.json")
        let given = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        guard case .published(let published) = fixture.layer.publisher.publish(event: "vehicle.configured", body: body, traceparent: given) else {
            Issue.record("not published")
            return
        }
        #expect(published.traceparent == given)
        #expect(published.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        guard case .refused(let status, let diagnostics) = fixture.layer.publisher.publish(
            event: "vehicle.configured", body: body, traceparent: "00-zz-00") else {
            Issue.record("a malformed traceparent was accepted")
            return
        }
        #expect(status == 400)
        #expect(diagnostics.map(\.rule) == ["LIVE_TRACEPARENT_INVALID"])
    }

    @Test func publishRefusesWhatDoesNotFitTheSchema() throws {
        let fixture = try LiveFixture()
        let publisher = fixture.layer.publisher
        guard case .refused(404, let unknown) = publisher.publish(event: "no.such.event", body: Array("{}".utf8), traceparent: nil) else {
            Issue.record("unknown event published")
            return
        }
        #expect(unknown.first?.rule == "LIVE_UNKNOWN_EVENT")
        guard case .refused(400, let syntax) = publisher.publish(event: "vehicle.configured", body: Array("{\"a\":".utf8), traceparent: nil) else {
            Issue.record("malformed JSON published")
            return
        }
        #expect(syntax.first?.rule == "LIVE_JSON_SYNTAX")
        guard case .refused(422, let datum) = publisher.publish(
            event: "vehicle.configured", body: try fixture.example("vehicle.configured", "invalid/missing-total-price.json"), traceparent: nil) else {
            Issue.record("an invalid example was published")
            return
        }
        #expect(datum.allSatisfy { $0.rule == "LIVE_DATUM_INVALID" })
        #expect(datum.contains { $0.path?.contains("totalPrice") == true })
        #expect(fixture.layer.records(topic: "vehicle.configured")?.isEmpty == true)
    }

    @Test func refusedProduceAttemptsAreListedWithTheirReason() throws {
        let fixture = try LiveFixture()
        let answer = try fixture.produce(topic: "vehicle.configured", key: Array("k-1".utf8), value: Array("{\"not\":\"avro\"}".utf8),
                                         headers: [("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")])
        #expect(answer.errorCode == .invalidRecord)
        let refused = fixture.layer.refused(topic: "vehicle.configured")
        #expect(refused.count == 1)
        let refusal = try #require(refused.first)
        #expect(refusal.message == answer.errorMessage)
        #expect(refusal.records.count == 1)
        guard case .invalid(let rule, let message)? = refusal.records.first?.validation else {
            Issue.record("the refused record is not marked invalid")
            return
        }
        #expect(rule == "PRODUCE_NOT_FRAMED")
        #expect(message.contains("looks like JSON"))
        #expect(refusal.records.first?.decodeProblem?.contains("not Confluent-framed") == true)
        #expect(fixture.layer.records(topic: "vehicle.configured")?.isEmpty == true)
        let steps = fixture.layer.trace("0af7651916cd43dd8448eb211c80319c")
        #expect(steps.count == 1)
        if case .refused = steps.first?.kind {} else { Issue.record("the trace does not show the refusal") }
    }

    @Test func refusalLogIsBoundedNewestFirst() {
        let log = RefusalLog(capacity: 3)
        for index in 0..<5 {
            log.add(time: Int64(index), topic: index % 2 == 0 ? "a" : "b", partition: 0, message: "m\(index)", records: [])
        }
        #expect(log.recent(topic: nil, limit: 10).map(\.message) == ["m4", "m3", "m2"])
        #expect(log.recent(topic: "a", limit: 10).map(\.message) == ["m4", "m2"])
        #expect(log.after(3).map(\.sequence) == [4, 5])
        #expect(log.latestSequence == 5)
    }

    @Test func recentRecordsAreNewestFirstAndLimited() throws {
        var fixture = try LiveFixture()
        for index in 0..<5 {
            fixture.now += 1_000
            try fixture.produce(topic: "scratch", partition: 0, key: nil, value: Array("r\(index)".utf8))
        }
        let records = try #require(fixture.layer.records(topic: "scratch", limit: 3))
        #expect(records.map(\.offset) == [4, 3, 2])
        #expect(records.first?.validation == .notChecked)
        #expect(fixture.layer.records(topic: "no.such.topic") == nil)
    }

    @Test func hostileValuesRenderInert() throws {
        var fixture = try LiveFixture()
        let dlq = try #require(fixture.layer.catalog.events["vehicle.configured"]?.deadLetterTopic)
        fixture.now += 1
        try fixture.produce(topic: dlq, key: Array("<script>alert(1)</script>".utf8), value: Array("\"><img src=x onerror=alert(2)>".utf8),
                            headers: [("herald.error", "<b onmouseover=alert(3)>bad</b>"), ("<i>", "x")])
        try fixture.produce(topic: "vehicle.configured", key: Array("<script>k</script>".utf8), value: [0xC3, 0x01, 0x3C])
        let event = try #require(fixture.layer.catalog.events["vehicle.configured"])
        let html = LivePanel.data(event, layer: fixture.layer)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;b onmouseover=alert(3)&gt;bad&lt;/b&gt;"))
        #expect(html.contains("&lt;i&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;script&gt;k&lt;/script&gt;"))
        for raw in ["<script>", "<img", "<b ", "<i>"] { #expect(!html.contains(raw), "\(raw)") }
        #expect(html.contains("Dead letters on <code>\(dlq)</code> <span class=\"live-count\">(1)</span>"))
    }

    @Test func feedAnnouncesNewRecordsAndRefusals() throws {
        let fixture = try LiveFixture()
        let feed = LiveFeed(layer: fixture.layer)
        try fixture.produce(topic: "scratch", key: nil, value: Array("before".utf8))
        let start = feed.current()
        #expect(feed.poll(from: start).events.isEmpty)
        try fixture.produce(topic: "scratch", key: nil, value: Array("after".utf8))
        try fixture.produce(topic: "vehicle.configured", key: nil, value: Array("unframed".utf8))
        let (events, next) = feed.poll(from: start)
        #expect(events.map(\.name) == ["record", "refusal"])
        guard case .record(let record) = events.first else { return }
        #expect(record.offset == 1)
        #expect(events.first?.serverSentEvent.hasPrefix("event: record\ndata: {\"topic\":\"scratch\",\"partition\":0,\"offset\":1,") == true)
        #expect(events.allSatisfy { $0.serverSentEvent.hasSuffix("}\n\n") && $0.serverSentEvent.filter { $0 == "\n" }.count == 3 })
        #expect(feed.poll(from: next).events.isEmpty)
    }

    @Test func panelGoesBeforeTheEventPageSplit() throws {
        let fixture = try LiveFixture()
        let routes = LiveRoutes(layer: fixture.layer)
        let page = "<html><body><main><h1>vehicle.configured</h1><div class=\"split\">schema</div></main></body></html>"
        let decorated = routes.decorate(page: page, path: "events/vehicle.configured.html")
        #expect(decorated.contains("<section id=\"herald-live\""))
        #expect(decorated.range(of: "herald-live")!.lowerBound < decorated.range(of: "<div class=\"split\">")!.lowerBound)
        #expect(decorated.contains("<script src=\"/assets/live.js\"></script>"))
        #expect(decorated.contains("data-action=\"/_live/publish/vehicle.configured\""))
        #expect(routes.decorate(page: page, path: "services/crm.html") == page)
    }
}
