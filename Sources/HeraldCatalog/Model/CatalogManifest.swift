import HeraldDiagnostics

/// `catalog.yaml`: catalog-wide settings, teams and services.
public struct CatalogManifest: Sendable, Hashable {
    public var title: Located<String>?
    public var description: Located<String>?
    public var servers: [Server]
    public var registry: Registry?
    public var defaults: Defaults
    public var teams: [Team]
    public var services: [Service]

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
        public var id: Located<String>
        public var host: Located<String>?
        public var `protocol`: Located<String>?
        public var description: Located<String>?
    }

    /// The schema registry the events are registered in.
    public struct Registry: Sendable, Hashable {
        public var url: Located<String>?
        public var vendor: Located<String>?
    }

    /// Settings every event inherits unless its event.yaml overrides them.
    public struct Defaults: Sendable, Hashable {
        /// Compatibility mode name as written (validated by `COMPATIBILITY_MODE_UNKNOWN`).
        public var compatibility: Located<String>?
        public var dlq: DLQPolicy?
        public init(compatibility: Located<String>? = nil, dlq: DLQPolicy? = nil) {
            self.compatibility = compatibility
            self.dlq = dlq
        }
    }

    /// A team that owns events and services.
    public struct Team: Sendable, Hashable {
        /// The key under `teams:`.
        public var id: Located<String>
        public var name: Located<String>?
        public var email: Located<String>?
        public var slack: Located<String>?
        public var description: Located<String>?
    }

    /// A service that produces or consumes events.
    public struct Service: Sendable, Hashable {
        /// The key under `services:`.
        public var id: Located<String>
        public var name: Located<String>?
        /// A team ID.
        public var owner: Located<String>?
        public var description: Located<String>?
        public var repository: Located<String>?
    }
}
