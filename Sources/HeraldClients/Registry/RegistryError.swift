/// Why a registry call failed, worded for the person running Herald. Credentials never appear in it.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The registry could not be reached (connection refused, DNS, TLS).
        case unreachable
        /// The registry answered with an error: HTTP status and Confluent's `error_code` when the body had one.
        case refused(status: Int, errorCode: Int?)
        /// The registry answered something Herald cannot read.
        case unexpectedResponse
        /// The URL given is not an http(s) URL.
        case invalidURL
    }

    public var kind: Kind
    /// The registry's own message (Confluent's `message`), or what went wrong.
    public var message: String
    /// `POST /subjects/orders-value/versions` and so on; empty for errors before any request.
    public var request: String

    public init(_ kind: Kind, message: String, request: String = "") {
        self.kind = kind
        self.message = message
        self.request = request
    }

    /// Confluent's error code, when the registry sent one.
    public var errorCode: Int? {
        if case .refused(_, let code) = kind { return code }
        return nil
    }

    /// The HTTP status of a refusal.
    public var status: Int? {
        if case .refused(let status, _) = kind { return status }
        return nil
    }

    /// True for 40401 (subject), 40402 (version), 40403 (schema), 40408 (subject compatibility not set) and any other 404.
    public var isNotFound: Bool { status == 404 }

    public var description: String {
        let place = request.isEmpty ? "" : " (\(request))"
        switch kind {
        case .unreachable: return "cannot reach the registry\(place): \(message)"
        case .invalidURL: return message
        case .unexpectedResponse: return "unexpected answer from the registry\(place): \(message)"
        case .refused(let status, let code):
            var text = "the registry refused\(place): \(message) (HTTP \(status)"
            if let code, code != status { text += ", error \(code)" }
            text += ")"
            switch status {
            case 401: text += "; set HERALD_REGISTRY_USER and HERALD_REGISTRY_PASSWORD to credentials it accepts"
            case 403: text += "; the credentials in HERALD_REGISTRY_USER lack the permission for this"
            default: break
            }
            return text
        }
    }
}
