/// The HTTP request one delivery attempt sends: `POST url` with the record's JSON and headers naming it.
public struct DeliveryRequest: Sendable, Hashable {
    public var url: String
    /// In order; names are HTTP header names, values visible ASCII.
    public var headers: [Header]
    public var body: String

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// W3C trace context headers, passed through under their own names.
    static let traceHeaders: Set<String> = ["traceparent", "tracestate"]

    public init(record: DecodedRecord, service: String, url: String, attempt: Int) {
        self.url = url
        self.body = record.json
        var headers: [Header] = [
            Header("Content-Type", "application/json"),
            Header("X-Herald-Service", service),
            Header("X-Herald-Event", record.event),
            Header("X-Herald-Topic", record.record.topic),
            Header("X-Herald-Partition", String(record.record.partition)),
            Header("X-Herald-Offset", String(record.record.offset)),
            Header("X-Herald-Timestamp", String(record.record.timestamp)),
            Header("X-Herald-Attempt", String(attempt)),
        ]
        if let version = record.version { headers.append(Header("X-Herald-Event-Version", String(version))) }
        if let id = record.schemaID { headers.append(Header("X-Herald-Schema-Id", String(id))) }
        if let eventID = record.eventID { headers.append(Header("X-Herald-Event-Id", Self.headerValue(Array(eventID.utf8)))) }
        if let key = record.record.key { headers.append(Header("X-Herald-Key", Self.headerValue(key))) }
        for (key, value) in record.record.headers {
            let text = value.map(Self.headerValue) ?? ""
            if Self.traceHeaders.contains(key.lowercased()) {
                headers.append(Header(key.lowercased(), text))
            } else {
                headers.append(Header("X-Herald-Header-" + Self.token(key), text))
            }
        }
        self.headers = headers
    }

    /// `bytes` as a header value: visible ASCII and spaces as they are, every other byte (and `%`) as `%XX`, so
    /// no value can end a header early or smuggle another one in.
    static func headerValue(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "%") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// A Kafka header key as an HTTP header-name part: token characters kept, every other character as `_`.
    static func token(_ key: String) -> String {
        let allowed = Set("!#$&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        let mapped = String(String.UnicodeScalarView(key.unicodeScalars.map { allowed.contains($0) ? $0 : "_" }))
        return mapped.isEmpty ? "_" : mapped
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
