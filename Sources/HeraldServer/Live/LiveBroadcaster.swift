import Foundation

/// Hands each `LiveEvent` to every open stream. A slow reader loses its oldest undelivered events (each stream
/// buffers `bufferSize`) rather than holding the publisher up.
public final class LiveBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var listeners = StreamListeners<LiveEvent>()
    private var firstListenerHook: (@Sendable () -> Void)?
    public let bufferSize: Int

    public init(bufferSize: Int = 1_000) { self.bufferSize = bufferSize }

    public var listenerCount: Int {
        lock.withLock { listeners.count }
    }

    /// Called, under the broadcaster's lock, each time a stream opens while none is open, before the stream is added:
    /// whatever it records happens before any event the new stream can receive. It must not call the broadcaster.
    public func onFirstListener(_ hook: (@Sendable () -> Void)?) {
        lock.withLock { firstListenerHook = hook }
    }

    public func publish(_ event: LiveEvent) {
        let targets = lock.withLock { listeners.all }
        for target in targets { target.yield(event) }
    }

    /// The events published from now on; the stream ends when the broadcaster finishes.
    public func events() -> AsyncStream<LiveEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let id: Int? = lock.withLock {
            if listeners.count == 0 { firstListenerHook?() }
            return listeners.add(continuation)
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

    /// Ends every stream (at shutdown, so open pages do not hold the server up).
    public func finish() {
        let targets = lock.withLock { listeners.finish() }
        for target in targets { target.finish() }
    }
}
