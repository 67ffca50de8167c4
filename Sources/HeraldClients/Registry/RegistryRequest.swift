import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One call of Confluent's Schema Registry REST API, as a value: built and read without a socket, sent by
/// `RegistryClient`.
public struct RegistryRequest: Sendable, Hashable {
    public var method: String
    /// Path segments, unescaped (`["subjects", "orders-value", "versions"]`).
    public var path: [String]
    public var query: [String: String]
    public var body: Data?

    public init(method: String, path: [String], query: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// `GET /subjects/orders-value/versions`, for messages.
    public var summary: String { method + " /" + path.joined(separator: "/") }

    /// The media type Confluent's API speaks.
    public static let mediaType = "application/vnd.schemaregistry.v1+json"

    /// The HTTP request against `endpoint`: path segments percent-escaped, query sorted, basic auth when the endpoint
    /// has credentials.
    public func urlRequest(for endpoint: RegistryEndpoint, timeout: TimeInterval) -> URLRequest {
        var text = endpoint.baseURL.absoluteString
        for segment in path { text += "/" + Self.escape(segment) }
        if !query.isEmpty {
            text += "?" + query.keys.sorted().map { "\(Self.escape($0))=\(Self.escape(query[$0] ?? ""))" }.joined(separator: "&")
        }
        var request = URLRequest(url: URL(string: text) ?? endpoint.baseURL, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue(Self.mediaType + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue(Self.mediaType, forHTTPHeaderField: "Content-Type")
        }
        if let credentials = endpoint.credentials {
            request.setValue(credentials.authorization, forHTTPHeaderField: "Authorization")
        }
        return request
    }

    /// Percent-escapes everything but RFC 3986's unreserved characters, so a subject with `/` or spaces stays one segment.
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

extension RegistryRequest {
    static func json<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// `GET /subjects`.
    public static func subjects() -> RegistryRequest { RegistryRequest(method: "GET", path: ["subjects"]) }

    /// `GET /subjects/{s}/versions`.
    public static func versions(of subject: String) -> RegistryRequest {
        RegistryRequest(method: "GET", path: ["subjects", subject, "versions"])
    }

    /// `GET /subjects/{s}/versions/{v}`.
    public static func version(_ version: Int, of subject: String) -> RegistryRequest {
        RegistryRequest(method: "GET", path: ["subjects", subject, "versions", String(version)])
    }

    /// `POST /subjects/{s}/versions`: registers, or returns the ID of the same schema already under the subject.
    public static func register(_ submission: SchemaSubmission, under subject: String) -> RegistryRequest {
        RegistryRequest(method: "POST", path: ["subjects", subject, "versions"], body: json(submission))
    }

    /// `POST /subjects/{s}`: the version and ID of a schema already registered under the subject.
    public static func lookUp(_ submission: SchemaSubmission, under subject: String) -> RegistryRequest {
        RegistryRequest(method: "POST", path: ["subjects", subject], body: json(submission))
    }

    /// `GET /config` or `GET /config/{s}` (only the subject's own setting: 404 when it has none).
    public static func compatibility(of subject: String?) -> RegistryRequest {
        RegistryRequest(method: "GET", path: ["config"] + (subject.map { [$0] } ?? []))
    }

    /// `PUT /config/{s}`.
    public static func setCompatibility(_ mode: String, of subject: String) -> RegistryRequest {
        RegistryRequest(method: "PUT", path: ["config", subject], body: json(["compatibility": mode]))
    }

    /// `GET /schemas/ids/{id}`.
    public static func schema(id: Int) -> RegistryRequest {
        RegistryRequest(method: "GET", path: ["schemas", "ids", String(id)])
    }
}

/// Reading an answer: a 2xx body decoded as `T`, or Confluent's error body (`{"error_code": 40401, "message": …}`)
/// turned into a `RegistryError` with the registry's own message.
public enum RegistryResponse {
    public static func decode<T: Decodable>(_ type: T.Type, status: Int, body: Data, request: RegistryRequest) throws(RegistryError) -> T {
        guard (200..<300).contains(status) else { throw refusal(status: status, body: body, request: request) }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw RegistryError(.unexpectedResponse, message: "expected \(Self.shape(of: T.self)), got \(Self.excerpt(body))", request: request.summary)
        }
    }

    /// The error for a non-2xx answer.
    public static func refusal(status: Int, body: Data, request: RegistryRequest) -> RegistryError {
        struct ErrorBody: Decodable {
            var error_code: Int?
            var message: String?
        }
        if let parsed = try? JSONDecoder().decode(ErrorBody.self, from: body), parsed.error_code != nil || parsed.message != nil {
            return RegistryError(.refused(status: status, errorCode: parsed.error_code),
                                 message: parsed.message ?? "no message", request: request.summary)
        }
        let text = body.isEmpty ? HTTPURLResponse.localizedString(forStatusCode: status) : excerpt(body)
        return RegistryError(.refused(status: status, errorCode: nil), message: text, request: request.summary)
    }

    /// At most 200 characters of a body, for messages.
    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.isEmpty ? "an empty body" : "'" + text + (body.count > 200 ? "…" : "") + "'"
    }

    static func shape<T>(of type: T.Type) -> String {
        switch type {
        case is [String].Type: "a list of subjects"
        case is [Int].Type: "a list of versions"
        default: "a JSON object"
        }
    }
}
