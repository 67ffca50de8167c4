import HeraldDiagnostics

/// `catalog.yaml`: catalog-wide settings, teams and services.
public struct CatalogManifest: Sendable, Hashable {
    /// The catalog's title.
    public var title: Located<String>?
    /// Markdown description.
    public var description: Located<String>?
    /// Kafka clusters, in file order.
    public var servers: [Server]
    /// The schema registry.
    public var registry: Registry?
    /// Settings events inherit.
    public var defaults: Defaults
    /// How consumer groups are named, with `{service}`, `{event}` and `{topic}` placeholders (`{service}.{event}`).
    public var consumerGroup: Located<String>?
    /// Teams, in file order.
    public var teams: [Team]
    /// Services, in file order.
    public var services: [Service]
    /// `deliveries:`: services `herald serve` consumes for, each with the URL it POSTs their records to, in file order.
    public var deliveries: [Delivery] = []
    /// Top-level keys (`teams`, `services`) present with a value of the wrong shape (already reported): references
    /// into them are not checked, since every one would be reported as unknown.
    public var mistypedSections: Set<String> = []

    public init(title: Located<String>? = nil, description: Located<String>? = nil, servers: [Server] = [], registry: Registry? = nil,
                defaults: Defaults = Defaults(), teams: [Team] = [], services: [Service] = []) {
        self.title = title
        self.description = description
        self.servers = servers
        self.registry = registry
        self.defaults = defaults
        self.teams = teams
        self.services = services
    }

    /// A Kafka cluster the catalog's events live on (emitted as an AsyncAPI server).
    public struct Server: Sendable, Hashable {
        /// The entry's key in catalog.yaml.
        public var id: Located<String>
        /// `host:port` of a bootstrap broker.
        public var host: Located<String>?
        /// `kafka`, `kafka-secure`, …
        public var `protocol`: Located<String>?
        /// Markdown description.
        public var description: Located<String>?
    }

    /// The schema registry the events are registered in.
    public struct Registry: Sendable, Hashable {
        /// The registry's base URL.
        public var url: Located<String>?
        /// The registry implementation (e.g. `confluent`).
        public var vendor: Located<String>?
    }

    /// Settings every event inherits unless its event.yaml overrides them.
    public struct Defaults: Sendable, Hashable {
        /// Compatibility mode name as written (validated by `COMPATIBILITY_MODE_UNKNOWN`).
        public var compatibility: Located<String>?
        /// The catalog-wide dead-letter policy.
        public var dlq: DLQPolicy?
        /// What the embedded broker does with a produced record that breaks its event's contract; nil means `reject`.
        public var onInvalid: Located<InvalidRecordAction>?
        public init(compatibility: Located<String>? = nil, dlq: DLQPolicy? = nil, onInvalid: Located<InvalidRecordAction>? = nil) {
            self.compatibility = compatibility
            self.dlq = dlq
            self.onInvalid = onInvalid
        }
    }

    /// A team that owns events and services.
    public struct Team: Sendable, Hashable {
        /// The key under `teams:`.
        public var id: Located<String>
        /// Display name.
        public var name: Located<String>?
        /// Contact email.
        public var email: Located<String>?
        /// Slack channel, e.g. `#team-orders`.
        public var slack: Located<String>?
        /// Markdown description.
        public var description: Located<String>?
    }

    /// A service whose consumption `herald serve` simulates: every record it consumes is POSTed to `url`.
    public struct Delivery: Sendable, Hashable {
        /// The key under `deliveries:`, a service ID.
        public var service: Located<String>
        /// An absolute `http://` or `https://` URL.
        public var url: Located<String>

        public init(service: Located<String>, url: Located<String>) {
            self.service = service
            self.url = url
        }

        /// Why `text` is not a URL a delivery can POST to, or nil when it is one.
        public static func urlProblem(_ text: String) -> String? {
            let lower = text.lowercased()
            guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else {
                return "'\(text)' is not an http:// or https:// URL"
            }
            let rest = text.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if authority.isEmpty { return "'\(text)' has no host" }
            if text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) {
                return "'\(text)' contains spaces or control characters"
            }
            return nil
        }
    }

    /// A service that produces or consumes events.
    public struct Service: Sendable, Hashable {
        /// The key under `services:`.
        public var id: Located<String>
        /// Display name.
        public var name: Located<String>?
        /// A team ID.
        public var owner: Located<String>?
        /// Markdown description.
        public var description: Located<String>?
        /// Source repository URL.
        public var repository: Located<String>?
    }
}
