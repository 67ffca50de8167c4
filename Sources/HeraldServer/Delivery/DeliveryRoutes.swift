import Foundation
import HeraldDelivery
import Hummingbird

/// The delivery part of the live JSON API: `GET /_live/deliveries[?service=S]` and `GET /_live/alerts`.
public struct DeliveryRoutes: Sendable {
    public let source: any DeliveryStatusSource

    public init(source: any DeliveryStatusSource) { self.source = source }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let source = self.source
        router.get("/_live/deliveries") { request, _ in
            let services = source.services()
            guard let name = request.uri.queryParameters.get("service") else {
                return Self.json(.ok, DeliveriesAnswer(services: services))
            }
            guard let status = services.first(where: { $0.service == name }) else {
                let known = services.map(\.service)
                return Self.json(.notFound, ErrorAnswer(
                    error: "'\(name)' is not a simulated service" + (known.isEmpty ? " (none is: start serve with --deliver SERVICE=URL)" : "; these are: \(known.joined(separator: ", "))")))
            }
            return Self.json(.ok, status)
        }
        router.get("/_live/alerts") { _, _ in
            Self.json(.ok, AlertsAnswer(alerts: source.alerts()))
        }
    }

    struct DeliveriesAnswer: Encodable { var services: [ServiceDeliveryStatus] }
    struct AlertsAnswer: Encodable { var alerts: [DeliveryAlert] }
    struct ErrorAnswer: Encodable { var error: String }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }
}
