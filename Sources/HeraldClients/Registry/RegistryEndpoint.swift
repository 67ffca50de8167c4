import Foundation

/// HTTP basic-auth credentials for a registry (Confluent Cloud's API key and secret). Never printed: `description`
/// names the user only.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// From `HERALD_REGISTRY_USER` and `HERALD_REGISTRY_PASSWORD`; nil unless the user is set and non-empty.
    public static func from(environment: [String: String]) -> RegistryCredentials? {
        guard let user = environment["HERALD_REGISTRY_USER"], !user.isEmpty else { return nil }
        return RegistryCredentials(user: user, password: environment["HERALD_REGISTRY_PASSWORD"] ?? "")
    }

    /// The `Authorization` header's value.
    public var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    public var description: String { "user \(user) (password hidden)" }
}

/// Where a registry is and how to sign in: an http or https base URL (TLS where it is https) and optional credentials.
public struct RegistryEndpoint: Sendable, Hashable {
    /// The base URL without user information or trailing slash.
    public let baseURL: URL
    public let credentials: RegistryCredentials?

    /// Accepts `http(s)://host[:port][/prefix]`. User information in the URL (`https://key:secret@host`) is taken as
    /// credentials when the environment gives none, and removed from everything Herald prints.
    public init(url text: String, credentials: RegistryCredentials?) throws(RegistryError) {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw RegistryError(.invalidURL, message: "--registry '\(Self.redacted(text))' is not an http or https URL (for example http://localhost:8081)")
        }
        var fromURL: RegistryCredentials?
        if let user = components.user, !user.isEmpty {
            fromURL = RegistryCredentials(user: user.removingPercentEncoding ?? user,
                                          password: components.password.map { $0.removingPercentEncoding ?? $0 } ?? "")
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        while components.path.hasSuffix("/") { components.path.removeLast() }
        guard let base = components.url else {
            throw RegistryError(.invalidURL, message: "--registry '\(Self.redacted(text))' is not a valid URL")
        }
        baseURL = base
        self.credentials = credentials ?? fromURL
    }

    /// The URL as Herald prints it: never with credentials.
    public var display: String { baseURL.absoluteString }

    /// True when requests go over TLS.
    public var usesTLS: Bool { baseURL.scheme?.lowercased() == "https" }

    /// `text` with any user information replaced by `***`, for messages about a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
    }
}
