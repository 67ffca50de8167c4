/// Why bytes could not be read or written as Kafka protocol data.
public enum KafkaProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ended inside the named field.
    case truncated(field: String)
    /// A length or count prefix of the named field is negative (and not the null marker) or otherwise impossible.
    case invalidLength(field: String, length: Int64)
    /// A length or count of the named field exceeds what this codec accepts.
    case tooLarge(field: String, length: Int64)
    /// A varint of the named field runs past its maximum encoded size.
    case invalidVarint(field: String)
    /// A non-nullable field carried the null marker.
    case unexpectedNull(field: String)
    /// The request's api key is not one Herald implements.
    case unsupportedApiKey(Int16)
    /// The api key is known but the version lies outside the advertised range.
    case unsupportedVersion(apiKey: ApiKey, version: Int16)
    /// A frame's size prefix is zero or negative.
    case invalidFrameSize(Int32)
    /// A frame's size prefix exceeds the configured maximum.
    case frameTooLarge(size: Int, maximum: Int)

    /// A one-line English description, for logs.
    public var description: String {
        switch self {
        case .truncated(let field): return "input ends inside \(field)"
        case .invalidLength(let field, let length): return "invalid length \(length) for \(field)"
        case .tooLarge(let field, let length): return "\(field) is too large (\(length))"
        case .invalidVarint(let field): return "malformed varint in \(field)"
        case .unexpectedNull(let field): return "\(field) must not be null"
        case .unsupportedApiKey(let key): return "unsupported api key \(key)"
        case .unsupportedVersion(let key, let version): return "unsupported version \(version) of \(key)"
        case .invalidFrameSize(let size): return "invalid frame size \(size)"
        case .frameTooLarge(let size, let maximum): return "frame of \(size) bytes exceeds the maximum of \(maximum)"
        }
    }
}
