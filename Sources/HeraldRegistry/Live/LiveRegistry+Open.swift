import Foundation

extension LiveRegistry {
    /// What opening a registry over its store found.
    public struct Opening {
        public var registry: LiveRegistry
        /// Stored changes replayed over the starting state.
        public var replayedChanges: Int
        /// Stored changes that no longer applied, and a torn tail that was cut off.
        public var warnings: [String]
    }

    /// The registry at start: `state` (the catalog preload, or empty) with the changes stored in `storeDirectory`
    /// replayed over it, appending new changes there; in memory only when `storeDirectory` is nil.
    public static func open(state: RegistryState, storeDirectory: URL?) throws -> Opening {
        guard let storeDirectory else { return Opening(registry: LiveRegistry(state: state), replayedChanges: 0, warnings: []) }
        var state = state
        let (log, changes, truncated) = try RegistryLog.open(directory: storeDirectory)
        var warnings: [String] = []
        if truncated > 0 { warnings.append("cut \(truncated) bytes of an unfinished write at the end of \(log.url.path)") }
        for change in changes {
            if let warning = state.replay(change) { warnings.append(warning) }
        }
        return Opening(registry: LiveRegistry(state: state, log: log), replayedChanges: changes.count, warnings: warnings)
    }
}
