import Foundation
import HeraldDiagnostics

/// What `herald serve` shows at one moment: the last good build's files and the problems of the latest attempt.
public struct SiteSnapshot: Sendable {
    /// The last good build, by path relative to the site's root.
    public var files: [String: Data]
    /// The latest build's errors and warnings when it failed; empty when the latest build is the one served.
    public var problems: [Diagnostic]
    /// Counts builds, good or failed; pages carry the one they were served at and reload when it moves on.
    public var generation: Int

    /// Files of the last good build still being made (AsyncAPI documents made after the pages): answered with 503
    /// and `Retry-After` until they are there, never with an older version.
    public var pending: Set<String>

    public init(files: [String: Data] = [:], problems: [Diagnostic] = [], generation: Int = 0, pending: Set<String> = []) {
        self.files = files
        self.problems = problems
        self.generation = generation
        self.pending = pending
    }

    /// A good build replaces the files and clears the problems; `pending` files follow later.
    public func built(_ files: [String: Data], pending: Set<String> = []) -> SiteSnapshot {
        SiteSnapshot(files: files, problems: [], generation: generation + 1, pending: pending)
    }

    /// A failed build keeps the last good files and shows its problems over them.
    public func failed(_ problems: [Diagnostic]) -> SiteSnapshot {
        SiteSnapshot(files: files, problems: problems, generation: generation + 1, pending: pending)
    }

    /// The pending files, made: served from now on, in the same generation (open pages do not reload for them).
    public func completed(_ made: [String: Data]) -> SiteSnapshot {
        var next = self
        for (path, bytes) in made where next.pending.remove(path) != nil { next.files[path] = bytes }
        return next
    }
}

/// The served snapshot, shared by the HTTP handlers and the watcher, and the open event streams told of each new one.
public final class LiveSite: @unchecked Sendable {
    private let lock = NSLock()
    private var current: SiteSnapshot
    private var listeners = StreamListeners<Int>()

    public init(_ snapshot: SiteSnapshot = SiteSnapshot()) { current = snapshot }

    public var snapshot: SiteSnapshot {
        lock.withLock { current }
    }

    /// Open event streams.
    public var listenerCount: Int {
        lock.withLock { listeners.count }
    }

    /// Serves `next` and tells every open stream its generation.
    public func update(_ change: (SiteSnapshot) -> SiteSnapshot) {
        let (generation, targets) = lock.withLock {
            current = change(current)
            return (current.generation, listeners.all)
        }
        for target in targets { target.yield(generation) }
    }

    /// Changes the snapshot without telling the streams (the generation stays as it is).
    public func amend(_ change: (SiteSnapshot) -> SiteSnapshot) {
        lock.withLock { current = change(current) }
    }

    /// A stream of generations, starting with the current one; it ends when the site finishes.
    public func generations() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = lock.withLock {
            let id = listeners.add(continuation)
            if id != nil { continuation.yield(current.generation) }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.lock.withLock { self.listeners.remove(id) }
        }
        return stream
    }

    /// Ends every event stream (at shutdown, so open pages do not hold the server up).
    public func finish() {
        let targets = lock.withLock { listeners.finish() }
        for target in targets { target.finish() }
    }
}
