import HeraldKafkaProtocol

/// Why producing failed, worded for the person running Herald.
public struct KafkaClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static func broker(_ code: ErrorCode, _ what: String, detail: String? = nil) -> KafkaClientError {
        var text = "\(what): the broker answered \(code) (\(code.rawValue))"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        return KafkaClientError(text)
    }
}
