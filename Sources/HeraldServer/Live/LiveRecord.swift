/// One record as the live layer shows it: where it sits, what it carries, its value decoded, and what produce-time
/// validation says of it now. A refused record has offset -1.
public struct LiveRecord: Sendable, Hashable {
    public enum Validation: Sendable, Hashable {
        case valid
        case invalid(rule: String, message: String)
        /// The topic has no contract in the catalog, or its value subject is not registered.
        case notChecked
    }

    public struct Header: Sendable, Hashable {
        public var key: String
        public var value: [UInt8]?
        public init(key: String, value: [UInt8]?) {
            self.key = key
            self.value = value
        }
    }

    public var topic: String
    public var partition: Int32
    /// -1 for a record that was refused and never stored.
    public var offset: Int64
    /// Milliseconds since 1970.
    public var timestamp: Int64
    public var key: [UInt8]?
    public var headers: [Header]
    /// The registry ID in the value's Confluent framing.
    public var schemaID: UInt32?
    /// The subject and version the schema ID is registered as (the topic's value subject first).
    public var subject: String?
    public var schemaVersion: Int?
    /// The value as plain JSON, when it decodes.
    public var json: String?
    /// Why the value is not shown as JSON (null, not framed, unknown schema, does not decode).
    public var decodeProblem: String?
    /// The value's bytes when they do not decode, so they can still be looked at.
    public var undecodedValue: [UInt8]?
    public var validation: Validation
    /// The trace ID of a valid W3C `traceparent` header.
    public var traceID: String?

    /// The value of the last header named `key`.
    public func header(_ key: String) -> [UInt8]? {
        headers.last { $0.key == key }?.value ?? nil
    }
}

/// A refused produce attempt with its records decoded.
public struct LiveRefusal: Sendable, Hashable {
    public var sequence: UInt64
    /// Milliseconds since 1970.
    public var time: Int64
    public var topic: String
    public var partition: Int32
    public var message: String
    public var records: [LiveRecord]
}
