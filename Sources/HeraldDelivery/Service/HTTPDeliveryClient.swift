import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends delivery requests and alert webhooks over async-http-client; no redirects are followed.
public struct HTTPDeliveryClient: Sendable {
    let client: HTTPClient

    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// POSTs `request`; nil when the endpoint answered 2xx within `timeoutMilliseconds`, else why not.
    public func send(_ request: DeliveryRequest, timeoutMilliseconds: Int64) async -> DeliveryFailure? {
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        for header in request.headers { http.headers.add(name: header.name, value: header.value) }
        http.body = .bytes(ByteBuffer(string: request.body))
        do {
            let response = try await client.execute(http, timeout: .milliseconds(timeoutMilliseconds))
            var body = ByteBuffer()
            for try await chunk in response.body where body.readableBytes < DeadLetter.excerptBytes * 2 {
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
            guard (200...299).contains(Int(response.status.code)) else {
                return .status(Int(response.status.code), body: String(decoding: body.readableBytesView, as: UTF8.self))
            }
            return nil
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            return .timeout
        } catch {
            return .unreachable(Self.describe(error))
        }
    }

    /// POSTs `json` to `url` (the alert webhook); the error's description when it did not get a 2xx answer.
    public func post(json: Data, to url: String, timeoutMilliseconds: Int64) async -> String? {
        let request = DeliveryRequest(url: url, headers: [.init("Content-Type", "application/json")], body: String(decoding: json, as: UTF8.self))
        return await send(request, timeoutMilliseconds: timeoutMilliseconds).map(\.description)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        return text
    }
}

extension DeliveryRequest {
    /// A plain request with the given headers and body.
    init(url: String, headers: [Header], body: String) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}
