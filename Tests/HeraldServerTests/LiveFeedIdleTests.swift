import Foundation
import Synchronization
import Testing
@testable import HeraldServer

/// The feed with no page listening reads nothing, and the first stream to open still receives every record stored
/// after it opened, including those stored before the feed's next poll.
@Suite struct LiveFeedIdleTests {
    @Test func firstListenerHookRunsOnlyWhenNoStreamIsOpen() {
        let broadcaster = LiveBroadcaster()
        let calls = Mutex(0)
        broadcaster.onFirstListener { calls.withLock { $0 += 1 } }
        let first = broadcaster.events()
        #expect(calls.withLock { $0 } == 1)
        let second = broadcaster.events()
        #expect(calls.withLock { $0 } == 1)
        #expect(broadcaster.listenerCount == 2)
        _ = (first, second)
        broadcaster.onFirstListener(nil)
        broadcaster.finish()
    }

    @Test func streamOpenedBetweenPollsGetsRecordsStoredBeforeTheNextPoll() async throws {
        let fixture = try LiveFixture()
        let feed = LiveFeed(layer: fixture.layer, interval: .milliseconds(150))
        let running = Task { try await feed.run() }
        defer { running.cancel() }
        // Stored while no stream is open: not announced to a stream opened later.
        try fixture.produce(topic: "scratch", key: nil, value: Array("idle".utf8))
        try await Task.sleep(for: .milliseconds(400))
        let stream = fixture.layer.broadcaster.events()
        // Stored right after the stream opened, well before the feed's next poll.
        try fixture.produce(topic: "scratch", key: nil, value: Array("opened".utf8))
        let first = try await Self.firstEvent(of: stream, within: .seconds(60))
        guard case .record(let record) = try #require(first) else {
            Issue.record("not a record: \(String(describing: first))")
            return
        }
        #expect(record.topic == "scratch")
        #expect(record.offset == 1)
        running.cancel()
    }

    /// A page can open its stream before the feed's `run()` has started (the site and the feed start side by side).
    @Test func streamOpenedBeforeTheFeedRunsGetsRecordsStoredAfterItOpened() async throws {
        let fixture = try LiveFixture()
        try fixture.produce(topic: "scratch", key: nil, value: Array("before".utf8))
        let feed = LiveFeed(layer: fixture.layer, interval: .milliseconds(50))
        let stream = fixture.layer.broadcaster.events()
        try fixture.produce(topic: "scratch", key: nil, value: Array("opened".utf8))
        let running = Task { try await feed.run() }
        defer { running.cancel() }
        let first = try await Self.firstEvent(of: stream, within: .seconds(60))
        guard case .record(let record) = try #require(first) else {
            Issue.record("not a record: \(String(describing: first))")
            return
        }
        #expect(record.offset == 1)
        running.cancel()
    }

    static func firstEvent(of stream: AsyncStream<LiveEvent>, within limit: Duration) async throws -> LiveEvent? {
        try await withThrowingTaskGroup(of: LiveEvent?.self) { group in
            group.addTask {
                for await event in stream { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
