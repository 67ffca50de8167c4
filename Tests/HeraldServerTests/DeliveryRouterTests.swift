import Foundation
import HeraldDelivery
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import HeraldServer

/// The delivery JSON API and the alert banner, through the site application's router in test mode (no sockets).
@Suite struct DeliveryRouterTests {
    static let files: [String: Data] = ["index.html": Data("<!doctype html><html><body class=\"home\"><h1>Orders</h1></body></html>".utf8)]

    func board() -> DeliveryBoard {
        let board = DeliveryBoard()
        let plan = ServicePlan(service: "pricing", url: "http://127.0.0.1:9/in", group: "herald-deliver.pricing", subscriptions: [
            .init(event: "order.placed", topic: "order.placed", idField: "eventId", retry: .standard, deadLetterTopic: "order.placed.dlq", alert: true),
        ])
        var machine = ServiceDelivery(service: "pricing", start: [.init("order.placed", 0): 0], dedupWindowMilliseconds: 1000)
        _ = machine.decide(.init("order.placed", 0), offset: 0, eventID: "e-1", nowMs: 0)
        _ = machine.failed(.init("order.placed", 0), .status(503, body: "x"), policy: .standard, nowMs: 0)
        board.publish(ServiceDeliveryStatus(plan: plan, machine: machine, lastFailure: "order.placed/0@0 attempt 1: HTTP 503"))
        return board
    }

    func app(_ board: DeliveryBoard) -> some ApplicationProtocol {
        siteApplication(site: LiveSite(SiteSnapshot().built(Self.files)), host: "127.0.0.1", port: 0,
                        logger: Logger(label: "test"), deliveries: board) { _ in }
    }

    static let alert = DeliveryAlert(
        id: 0, time: 5, service: "pricing", event: "order.placed", topic: "order.placed", partition: 0, offset: 3,
        eventId: "e-<3>", attempts: 4, status: "500", reason: "down", deadLetterTopic: "order.placed.dlq", deadLetterOffset: 0)

    @Test func deliveriesAnswerTheStatePerService() async throws {
        try await app(board()).test(.router) { client in
            try await client.execute(uri: "/_live/deliveries?service=pricing", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(json["service"] as? String == "pricing")
                #expect(json["retrying"] as? Int == 1)
                #expect(json["retries"] as? Int == 1)
                #expect(json["delivered"] as? Int == 0)
                #expect(json["lastFailure"] as? String == "order.placed/0@0 attempt 1: HTTP 503")
                let partitions = try #require(json["partitions"] as? [[String: Any]])
                #expect(partitions.first?["retryAt"] as? Int == 1000)
            }
            try await client.execute(uri: "/_live/deliveries", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("{\"services\":[{"))
            }
            try await client.execute(uri: "/_live/deliveries?service=billing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"error":"'billing' is not a simulated service; these are: pricing"}"#)
            }
        }
    }

    @Test func alertsAreListedNewestFirstAndShownOnPages() async throws {
        let board = board()
        try await app(board).test(.router) { client in
            try await client.execute(uri: "/_live/alerts", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"alerts":[]}"#)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("herald-alerts"))
            }
            _ = board.raise(Self.alert)
            var second = Self.alert
            second.offset = 4
            _ = board.raise(second)
            try await client.execute(uri: "/_live/alerts", method: .get) { response in
                let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let alerts = try #require(json["alerts"] as? [[String: Any]])
                #expect(alerts.map { $0["id"] as? Int } == [2, 1])
                #expect(alerts.map { $0["offset"] as? Int } == [4, 3])
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<body class=\"home\"><div class=\"herald-alerts\" role=\"alert\""))
                #expect(page.contains("<strong>2 delivery alerts</strong>"))
                #expect(page.contains("delivery of order.placed (order.placed/0@4) to pricing failed after 4 attempts (500): dead-lettered to order.placed.dlq at offset 0"))
                #expect(page.contains("<h1>Orders</h1>"))
            }
        }
    }

    @Test func theBannerEscapesAndLimitsWhatItShows() {
        var alerts: [DeliveryAlert] = []
        for i in 0..<5 {
            var alert = Self.alert
            alert.service = "svc<\(i)>"
            alerts.append(alert)
        }
        let page = AlertBanner.inject(into: "<html><body>x</body></html>", alerts: alerts)
        #expect(page.contains("svc&lt;0&gt;") && page.contains("svc&lt;2&gt;") && !page.contains("svc&lt;3&gt;"))
        #expect(page.contains("2 more in <a href=\"/_live/alerts\">"))
        #expect(AlertBanner.inject(into: "no body here", alerts: alerts) == "no body here")
        #expect(AlertBanner.inject(into: "<body>x</body>", alerts: []) == "<body>x</body>")
    }
}
