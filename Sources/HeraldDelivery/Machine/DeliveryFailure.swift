/// Why one delivery attempt failed.
public enum DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoint answered with a status outside 200-299; `body` is the start of its answer.
    case status(Int, body: String)
    /// No answer within the delivery timeout.
    case timeout
    /// The endpoint could not be reached (connection refused, unknown host, reset).
    case unreachable(String)
    /// The record cannot be turned into a request (not Confluent-framed, an unknown schema ID, bad data); retrying
    /// cannot help, so it is dead-lettered at once.
    case undeliverable(String)

    /// The status header of a dead letter: the HTTP status, or `timeout`, `unreachable`, `undeliverable`.
    public var statusText: String {
        switch self {
        case .status(let code, _): String(code)
        case .timeout: "timeout"
        case .unreachable: "unreachable"
        case .undeliverable: "undeliverable"
        }
    }

    /// The answer's body, or the error's message.
    public var detail: String {
        switch self {
        case .status(_, let body): body
        case .timeout: "no answer within the delivery timeout"
        case .unreachable(let message), .undeliverable(let message): message
        }
    }

    /// False when trying again cannot succeed.
    public var isRetriable: Bool {
        if case .undeliverable = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .status(let code, _): "HTTP \(code)"
        case .timeout: "timeout"
        case .unreachable(let message): "unreachable: \(message)"
        case .undeliverable(let message): "undeliverable: \(message)"
        }
    }
}
