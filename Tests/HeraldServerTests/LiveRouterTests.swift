import Foundation
import HeraldAvro
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HeraldServer

/// The live JSON API and the decorated event page through Hummingbird's router test mode, no sockets.
@Suite struct LiveRouterTests {
    static let eventPage = "<!doctype html><html><body><main><h1>vehicle.configured</h1><div class=\"split\">schema</div></main></body></html>"

    func app(_ fixture: LiveFixture) -> some ApplicationProtocol {
        let site = LiveSite(SiteSnapshot().built(["events/vehicle.configured.html": Data(Self.eventPage.utf8)]))
        return Application(router: SiteRoutes(site: site, live: LiveRoutes(layer: fixture.layer)).router())
    }

    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONParser().parse(String(buffer: response.body)).plain
    }

    func member(_ value: JSONValue, _ path: String...) -> JSONValue? {
        var current: JSONValue? = value
        for key in path {
            switch current {
            case .object(let object)?: current = object[key]
            case .array(let items)?: current = Int(key).flatMap { $0 < items.count ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    @Test func publishThenReadRecordsAndTrace() async throws {
        let fixture = try LiveFixture()
        let example = try fixture.example("vehicle.configured", "aurora-ev-web-cash.json")
        try await app(fixture).test(.router) { client in
            var traceID = ""
            try await client.execute(uri: "/_live/publish/vehicle.configured", method: .post, body: ByteBuffer(bytes: example)) { response in
                #expect(response.status == .ok)
                let answer = try json(response)
                #expect(member(answer, "published") == .bool(true))
                #expect(member(answer, "offset") == .number(JSONNumber(0)))
                if case .string(let id)? = member(answer, "traceId") { traceID = id }
            }
            #expect(TraceParent.isTraceID(traceID))
            try await client.execute(uri: "/_live/records?topic=vehicle.configured", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let answer = try json(response)
                #expect(member(answer, "event") == .string("vehicle.configured"))
                #expect(member(answer, "records", "0", "offset") == .number(JSONNumber(0)))
                #expect(member(answer, "records", "0", "validation", "result") == .string("valid"))
                #expect(member(answer, "records", "0", "schemaVersion") == .number(JSONNumber(3)))
                #expect(member(answer, "records", "0", "traceId") == .string(traceID))
                #expect(member(answer, "records", "0", "value", "market") != nil)
                #expect(member(answer, "records", "0", "headers", "0", "key") == .string("traceparent"))
            }
            try await client.execute(uri: "/_live/traces/\(traceID)", method: .get) { response in
                let answer = try json(response)
                #expect(member(answer, "steps", "0", "kind") == .string("record"))
                #expect(member(answer, "steps", "0", "event") == .string("vehicle.configured"))
                #expect(member(answer, "steps", "1") == nil)
            }
            try await client.execute(uri: "/_live/trace/\(traceID)", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<a href=\"/events/vehicle.configured.html\">vehicle.configured</a>"))
                #expect(page.contains("offset 0"))
            }
            try await client.execute(uri: "/events/vehicle.configured.html", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<section id=\"herald-live\""))
                #expect(page.contains("href=\"/_live/trace/\(traceID)\""))
                #expect(page.contains("<span class=\"live-count\">(1)</span>"))
            }
        }
    }

    @Test func badRequestsGetClearErrors() async throws {
        let fixture = try LiveFixture()
        try await app(fixture).test(.router) { client in
            for (uri, status) in [("/_live/records", HTTPResponse.Status.badRequest), ("/_live/records?topic=nope", .notFound),
                                  ("/_live/records?topic=vehicle.configured&limit=0", .badRequest),
                                  ("/_live/traces/XYZ", .badRequest), ("/_live/traces/00000000000000000000000000000000", .badRequest),
                                  ("/_live/trace/%3Cscript%3E", .badRequest), ("/_live/panel/nope", .notFound)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                }
            }
            try await client.execute(uri: "/_live/publish/vehicle.configured", method: .post, body: ByteBuffer(string: "{\"market\": 1}")) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try json(response)
                #expect(member(answer, "published") == .bool(false))
                #expect(member(answer, "diagnostics", "0", "rule") == .string("LIVE_DATUM_INVALID"))
            }
            try await client.execute(uri: "/_live/publish/vehicle.configured", method: .post,
                                     headers: [.init("traceparent")!: "garbage"], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
