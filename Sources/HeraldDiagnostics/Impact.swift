/// The blast radius of a finding: who is hit, and how much traffic.
public struct Impact: Sendable, Hashable, Codable {
    /// Consuming services, sorted.
    public var consumers: [String]
    /// Teams owning those consumers, sorted.
    public var teams: [String]
    /// Daily event volume of the affected event, when the catalog states one.
    public var volumePerDay: Int?

    public init(consumers: [String] = [], teams: [String] = [], volumePerDay: Int? = nil) {
        self.consumers = consumers
        self.teams = teams
        self.volumePerDay = volumePerDay
    }
}
