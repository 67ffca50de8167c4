import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of Confluent's Schema Registry REST API (Confluent Platform, Confluent Cloud, Karapace, Redpanda, Apicurio's
/// compatibility API, Herald's own), over Foundation's URLSession: TLS where the URL is https, basic auth from the
/// endpoint's credentials.
public struct RegistryClient: Sendable {
    public let endpoint: RegistryEndpoint
    /// Seconds before a request is given up.
    public var timeout: TimeInterval
    private let session: URLSession

    public init(endpoint: RegistryEndpoint, timeout: TimeInterval = 30) {
        self.endpoint = endpoint
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends a request; the status and body of the answer.
    func send(_ request: RegistryRequest) async throws(RegistryError) -> (status: Int, body: Data) {
        let urlRequest = request.urlRequest(for: endpoint, timeout: timeout)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw RegistryError(.unreachable, message: "\(endpoint.display): \(Self.reason(error))", request: request.summary)
        }
        guard let http = response as? HTTPURLResponse else {
            throw RegistryError(.unexpectedResponse, message: "not an HTTP answer", request: request.summary)
        }
        return (http.statusCode, data)
    }

    func call<T: Decodable>(_ request: RegistryRequest, as type: T.Type) async throws(RegistryError) -> T {
        let (status, body) = try await send(request)
        return try RegistryResponse.decode(T.self, status: status, body: body, request: request)
    }

    /// Every live subject.
    public func subjects() async throws(RegistryError) -> [String] {
        try await call(.subjects(), as: [String].self)
    }

    /// The live version numbers of a subject, ascending.
    public func versions(of subject: String) async throws(RegistryError) -> [Int] {
        try await call(.versions(of: subject), as: [Int].self).sorted()
    }

    /// One version of a subject.
    public func schema(_ version: Int, of subject: String) async throws(RegistryError) -> RegisteredSchema {
        var schema = try await call(.version(version, of: subject), as: RegisteredSchema.self)
        schema.subject = subject
        return schema
    }

    /// Registers a schema under a subject; the registry's ID for it (the existing one when it is already there).
    public func register(_ submission: SchemaSubmission, under subject: String) async throws(RegistryError) -> Int {
        struct Answer: Decodable { var id: Int }
        return try await call(.register(submission, under: subject), as: Answer.self).id
    }

    /// The version under the subject that holds this schema, or nil when the subject does not hold it.
    public func lookUp(_ submission: SchemaSubmission, under subject: String) async throws(RegistryError) -> RegisteredSchema? {
        do {
            var schema = try await call(.lookUp(submission, under: subject), as: RegisteredSchema.self)
            schema.subject = subject
            return schema
        } catch where error.isNotFound {
            return nil
        }
    }

    /// The compatibility mode set on the subject itself, or on the registry as a whole when `subject` is nil;
    /// nil when the subject has none of its own.
    public func compatibility(of subject: String?) async throws(RegistryError) -> String? {
        struct Answer: Decodable {
            var compatibilityLevel: String?
            var compatibility: String?
        }
        do {
            let answer = try await call(.compatibility(of: subject), as: Answer.self)
            return answer.compatibilityLevel ?? answer.compatibility
        } catch where error.isNotFound && subject != nil {
            return nil
        }
    }

    /// Sets a subject's compatibility mode.
    public func setCompatibility(_ mode: String, of subject: String) async throws(RegistryError) {
        struct Answer: Decodable { var compatibility: String? }
        _ = try await call(.setCompatibility(mode, of: subject), as: Answer.self)
    }

    /// The text of a Foundation networking error without the URL (which it may repeat with credentials).
    static func reason(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "unknown host"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                return "TLS handshake failed (\(urlError.code.rawValue))"
            case .networkConnectionLost: return "connection lost"
            default: return "network error \(urlError.code.rawValue)"
            }
        }
        return "\(error)"
    }
}
