import W3CTraceContext

/// W3C `traceparent` values, parsed and made with swift-w3c-trace-context.
public enum TraceParent {
    public static let headerKey = "traceparent"

    /// The trace ID (32 lowercase hex digits) of a valid `traceparent` value; nil when it does not parse.
    public static func traceID(of value: String) -> String? {
        guard (try? TraceContext(traceParentHeaderValue: value)) != nil else { return nil }
        return String(decoding: Array(value.utf8.dropFirst(3).prefix(32)), as: UTF8.self).lowercased()
    }

    /// The trace ID of a header value's bytes.
    public static func traceID(of bytes: [UInt8]?) -> String? {
        guard let bytes, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return traceID(of: text)
    }

    /// A new sampled trace context's `traceparent`.
    public static func fresh() -> String {
        var random = SystemRandomNumberGenerator()
        return TraceContext(traceID: .random(using: &random), spanID: .random(using: &random), flags: .sampled, state: TraceState())
            .traceParentHeaderValue
    }

    /// True for 32 lowercase hex digits, not all zero (what a trace ID in a URL must be).
    public static func isTraceID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            && text.utf8.contains { $0 != 0x30 }
    }
}
