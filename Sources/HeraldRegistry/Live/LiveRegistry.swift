import Foundation
import HeraldAvro

/// The registry shared by the HTTP API and the broker: a `RegistryState` behind a lock, the store its changes go to,
/// and a generation that moves on every change.
public final class LiveRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var state: RegistryState
    private var currentGeneration: UInt64 = 0
    private let log: RegistryLog?

    /// A registry starting from `state`; changes are appended to `log` when given.
    public init(state: RegistryState, log: RegistryLog? = nil) {
        self.state = state
        self.log = log
    }

    /// Applies a command. A change is stored before it becomes visible; when storing fails nothing changes (50001).
    @discardableResult
    public func perform(_ command: RegistryCommand) throws(RegistryError) -> RegistryOutcome {
        lock.lock()
        defer { lock.unlock() }
        var next = state
        let (outcome, change) = try next.apply(command)
        guard let change else { return outcome }
        if let log {
            do {
                try log.append(change)
            } catch {
                throw .storeError("Error while storing the change: \(error.localizedDescription)")
            }
        }
        state = next
        currentGeneration &+= 1
        return outcome
    }

    /// Runs `body` on the current state.
    public func read<T>(_ body: (RegistryState) throws(RegistryError) -> T) throws(RegistryError) -> T {
        let snapshot = self.snapshot
        return try body(snapshot)
    }

    /// The current state (a value: later changes do not reach it).
    public var snapshot: RegistryState {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Moves on with every change; equal values mean equal answers.
    public var generation: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return currentGeneration
    }

    /// The IDs of `subject`'s live versions; nil when it has none.
    public func liveSchemaIDs(subject: String) -> Set<UInt32>? {
        lock.lock()
        defer { lock.unlock() }
        return state.liveSchemaIDs(of: subject).map { Set($0.map { UInt32(truncatingIfNeeded: $0) }) }
    }

    /// The parsed schema behind `id`, references resolved; nil when unknown.
    public func parsedSchema(id: UInt32) -> AvroSchema? {
        lock.lock()
        defer { lock.unlock() }
        return state.schemas[Int(id)]?.parsed
    }
}
