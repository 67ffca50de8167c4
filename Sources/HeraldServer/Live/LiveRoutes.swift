import Foundation
import HeraldAvro
import Hummingbird

/// The live layer's HTTP side: the JSON API under `/_live/`, the event-page panel and the trace page.
public struct LiveRoutes: Sendable {
    public let layer: LiveLayer
    /// Largest publish body accepted.
    public var maxBodyBytes = 1 << 20

    public init(layer: LiveLayer) { self.layer = layer }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let layer = self.layer
        let maxBodyBytes = self.maxBodyBytes
        router.get("/_live/records") { request, _ -> Response in
            guard let topic = request.uri.queryParameters["topic"].map(String.init), !topic.isEmpty else {
                return Self.json(LiveJSON.error("give the topic: /_live/records?topic=T"), status: .badRequest)
            }
            var limit = layer.defaultLimit
            if let text = request.uri.queryParameters["limit"] {
                guard let value = Int(text), (1...10_000).contains(value) else {
                    return Self.json(LiveJSON.error("limit must be a whole number from 1 to 10000"), status: .badRequest)
                }
                limit = value
            }
            return Self.records(layer, topic: topic, limit: limit)
        }
        router.post("/_live/publish/:event") { request, context -> Response in
            let name = context.parameters.get("event") ?? ""
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxBodyBytes)
            } catch {
                return Self.publishAnswer(.refused(status: 413, diagnostics: [
                    LiveDiagnostic(rule: "LIVE_BODY_TOO_LARGE", message: "the body is larger than \(maxBodyBytes) bytes", path: nil)]))
            }
            let traceparent = request.headers.first { $0.name.canonicalName == TraceParent.headerKey }?.value
            return Self.publishAnswer(layer.publisher.publish(event: name, body: Array(body.readableBytesView), traceparent: traceparent))
        }
        router.get("/_live/traces/:traceId") { _, context -> Response in
            let id = context.parameters.get("traceId") ?? ""
            guard TraceParent.isTraceID(id) else {
                return Self.json(LiveJSON.error("a trace ID is 32 lowercase hex digits, not all zero"), status: .badRequest)
            }
            let steps = layer.trace(id)
            return Self.json(LiveJSON.object([
                ("traceId", .string(id)),
                ("steps", .array(steps.map { step in
                    var members: [(String, JSONValue?)] = [("time", LiveJSON.int(step.time)), ("event", LiveJSON.string(step.event))]
                    switch step.kind {
                    case .stored(let record):
                        members += [("kind", .string("record")), ("record", LiveJSON.record(record))]
                    case .refused(let record, let message):
                        members += [("kind", .string("refused")), ("message", .string(message)), ("record", LiveJSON.record(record))]
                    case .delivery(let delivery):
                        members += [("kind", .string("delivery")), ("delivery", LiveJSON.delivery(delivery))]
                    }
                    return LiveJSON.object(members)
                })),
            ]))
        }
        router.get("/_live/trace/:traceId") { _, context -> Response in
            let id = context.parameters.get("traceId") ?? ""
            guard TraceParent.isTraceID(id) else {
                return Self.text("refused: a trace ID is 32 lowercase hex digits, not all zero\n", type: "text/plain; charset=utf-8", status: .badRequest)
            }
            return Self.text(LivePanel.tracePage(id, steps: layer.trace(id), catalog: layer.catalog), type: "text/html; charset=utf-8")
        }
        router.get("/_live/panel/:event") { _, context -> Response in
            guard let event = layer.catalog.events[context.parameters.get("event") ?? ""] else {
                return Self.text("no such event\n", type: "text/plain; charset=utf-8", status: .notFound)
            }
            return Self.text(LivePanel.data(event, layer: layer), type: "text/html; charset=utf-8")
        }
        router.get("/_live/stream") { _, _ -> Response in
            let events = layer.broadcaster.events()
            var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
            headers[.connection] = "keep-alive"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "event: hello\ndata: {}\n\n"))
                for await event in events {
                    try await writer.write(ByteBuffer(string: event.serverSentEvent))
                }
                try await writer.finish(nil)
            })
        }
    }

    /// The page at `path` with the live panel when it is an event's page.
    public func decorate(page html: String, path: String) -> String {
        guard let event = layer.catalog.event(page: path) else { return html }
        return LivePanel.insert(LivePanel.panel(event, layer: layer), into: html)
    }

    static func records(_ layer: LiveLayer, topic: String, limit: Int) -> Response {
        guard let records = layer.records(topic: topic, limit: limit) else {
            return json(LiveJSON.error("no topic \(topic)"), status: .notFound)
        }
        let event = layer.catalog.event(topic: topic)
        return json(LiveJSON.object([
            ("topic", .string(topic)),
            ("event", LiveJSON.string(event?.name)),
            ("deadLetterTopic", LiveJSON.string(event?.deadLetterTopic)),
            ("records", .array(records.map(LiveJSON.record))),
            ("refused", .array(layer.refused(topic: topic, limit: limit).map(LiveJSON.refusal))),
        ]))
    }

    static func publishAnswer(_ outcome: PublishOutcome) -> Response {
        switch outcome {
        case .published(let published):
            return json(LiveJSON.object([
                ("published", .bool(true)),
                ("topic", .string(published.topic)),
                ("partition", LiveJSON.int(Int64(published.partition))),
                ("offset", LiveJSON.int(published.offset)),
                ("schemaId", LiveJSON.int(Int64(published.schemaID))),
                ("schemaVersion", LiveJSON.int(published.schemaVersion)),
                ("traceparent", .string(published.traceparent)),
                ("traceId", .string(published.traceID)),
                ("deadLetterTopic", LiveJSON.string(published.deadLetterTopic)),
                ("deadLetterReason", LiveJSON.string(published.deadLetterReason)),
            ]))
        case .refused(let status, let diagnostics):
            return json(LiveJSON.object([
                ("published", .bool(false)),
                ("diagnostics", .array(diagnostics.map { diagnostic in
                    LiveJSON.object([("rule", .string(diagnostic.rule)), ("message", .string(diagnostic.message)),
                                     ("path", LiveJSON.string(diagnostic.path))])
                })),
            ]), status: HTTPResponse.Status(code: status))
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(LiveJSON.text(value) + "\n", type: "application/json", status: status)
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
