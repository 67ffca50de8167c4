/// The open streams of one publisher, as a value its owner keeps under its own lock (so a change of the owner's state
/// and the streams told of it are one step): numbered continuations, and whether the publisher has finished.
struct StreamListeners<Element: Sendable>: Sendable {
    private var continuations: [Int: AsyncStream<Element>.Continuation] = [:]
    private var next = 0
    private var finished = false

    var count: Int { continuations.count }
    var all: [AsyncStream<Element>.Continuation] { Array(continuations.values) }

    /// Adds a stream and returns its number; nil once finished (the caller then ends the stream).
    mutating func add(_ continuation: AsyncStream<Element>.Continuation) -> Int? {
        if finished { return nil }
        next += 1
        continuations[next] = continuation
        return next
    }

    mutating func remove(_ id: Int) {
        continuations.removeValue(forKey: id)
    }

    /// Marks the publisher finished and hands back the streams to end (outside the lock).
    mutating func finish() -> [AsyncStream<Element>.Continuation] {
        finished = true
        defer { continuations = [:] }
        return all
    }
}
