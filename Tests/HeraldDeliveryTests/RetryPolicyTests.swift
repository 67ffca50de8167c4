import HeraldCatalog
@testable import HeraldDelivery
import Testing

@Suite struct RetryPolicyTests {
    @Test func standardBackoffDoublesFromOneSecondAndIsCapped() {
        let policy = RetryPolicy.standard
        #expect((1...8).map(policy.delay(beforeRetry:)) == [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000])
    }

    @Test func catalogPolicyOverridesTheDefaultsAndScaleMultipliesEveryWait() {
        let dlq = DLQPolicy(retries: 5, backoff: .init(initialMilliseconds: 200, multiplier: 3, maxMilliseconds: 1000))
        let policy = RetryPolicy(dlq, scale: 0.5)
        #expect(policy.retries == 5)
        #expect((1...4).map(policy.delay(beforeRetry:)) == [100, 300, 500, 500])
        #expect(RetryPolicy(nil, scale: 0.01).delay(beforeRetry: 2) == 20)
        #expect(RetryPolicy(nil, scale: 0).delay(beforeRetry: 3) == 0)
    }

    @Test func aMaximumBelowTheInitialWaitIsRaisedToIt() {
        let policy = RetryPolicy(DLQPolicy(backoff: .init(initialMilliseconds: 5000, maxMilliseconds: 1000)), scale: 1)
        #expect(policy.delay(beforeRetry: 1) == 5000)
        #expect(policy.delay(beforeRetry: 3) == 5000)
    }
}

@Suite struct DedupWindowTests {
    @Test func anIDIsADuplicateOnlyWithinTheWindow() {
        var window = DedupWindow(windowMilliseconds: 1000)
        #expect(!window.contains("a", nowMs: 0))
        window.record("a", nowMs: 100)
        #expect(window.contains("a", nowMs: 100))
        #expect(window.contains("a", nowMs: 1099))
        #expect(!window.contains("a", nowMs: 1100))
        #expect(!window.contains("b", nowMs: 200))
    }

    @Test func idsThatLeftTheWindowAreForgotten() {
        var window = DedupWindow(windowMilliseconds: 10)
        for i in 0..<100 { window.record("id-\(i)", nowMs: Int64(i)) }
        #expect(window.count <= 11)
        #expect(window.contains("id-99", nowMs: 100))
        #expect(!window.contains("id-80", nowMs: 100))
    }

    @Test func aRedeliveredIDRestartsItsWindow() {
        var window = DedupWindow(windowMilliseconds: 10)
        window.record("a", nowMs: 0)
        window.record("b", nowMs: 5)
        window.record("a", nowMs: 9)
        window.record("c", nowMs: 12)
        #expect(window.contains("a", nowMs: 15))
        #expect(!window.contains("b", nowMs: 15))
    }
}
