@testable import HeraldDelivery
import Testing

/// The delivery state machine driven by hand: no broker, no sockets, no clock.
@Suite struct ServiceDeliveryTests {
    typealias Key = ServiceDelivery.PartitionKey
    let key = Key("vehicle.configured", 0)
    let policy = RetryPolicy.standard

    func machine(start: Int64 = 0, window: Int64 = 86_400_000) -> ServiceDelivery {
        ServiceDelivery(service: "pricing", start: [key: start, Key("vehicle.configured", 1): 7], dedupWindowMilliseconds: window)
    }

    @Test func failingTwiceThenSucceedingDeliversOnceAfterTwoRetries() {
        var m = machine()
        #expect(m.decide(key, offset: 0, eventID: "e1", nowMs: 0) == .deliver(attempt: 1))
        #expect(m.failed(key, .status(500, body: "down"), policy: policy, nowMs: 0) == .retry(retry: 1, atMs: 1000))
        #expect(m.counts.retrying == 1)
        #expect(m.decide(key, offset: 0, eventID: "e1", nowMs: 999) == .wait(untilMs: 1000))
        #expect(m.decide(key, offset: 0, eventID: "e1", nowMs: 1000) == .deliver(attempt: 2))
        #expect(m.failed(key, .timeout, policy: policy, nowMs: 1000) == .retry(retry: 2, atMs: 3000))
        #expect(m.decide(key, offset: 0, eventID: "e1", nowMs: 3000) == .deliver(attempt: 3))
        #expect(m.delivered(key, eventID: "e1", nowMs: 3000) == 1)
        #expect(m.counts == counts(delivered: 1, retries: 2, failures: 2))
        #expect(m.partitions[key]?.isRetrying == false)
    }

    @Test func alwaysFailingIsDeadLetteredAfterThreeRetriesAndMovesOn() {
        var m = machine(start: 4)
        var now: Int64 = 0
        for retry in 1...3 {
            #expect(m.decide(key, offset: 4, eventID: "e1", nowMs: now) == .deliver(attempt: retry))
            guard case .retry(let r, let at)? = m.failed(key, .unreachable("connection refused"), policy: policy, nowMs: now) else {
                Issue.record("expected a retry")
                return
            }
            #expect(r == retry)
            now = at
        }
        #expect(m.decide(key, offset: 4, eventID: "e1", nowMs: now) == .deliver(attempt: 4))
        #expect(m.failed(key, .status(503, body: "no"), policy: policy, nowMs: now) == .deadLetter(attempts: 4, failure: .status(503, body: "no")))
        #expect(m.nextOffset(of: key) == 5)
        #expect(m.counts == counts(retries: 3, deadLettered: 1, failures: 4))
        // The next record starts afresh, and a dead-lettered ID is not a duplicate.
        #expect(m.decide(key, offset: 5, eventID: "e1", nowMs: now) == .deliver(attempt: 1))
    }

    @Test func anUndeliverableRecordIsDeadLetteredWithoutRetries() {
        var m = machine()
        #expect(m.failed(key, .undeliverable("not framed"), policy: policy, nowMs: 0) == .deadLetter(attempts: 1, failure: .undeliverable("not framed")))
        #expect(m.counts == counts(deadLettered: 1, failures: 1))
        #expect(m.nextOffset(of: key) == 1)
    }

    @Test func zeroRetriesDeadLettersOnTheFirstFailure() {
        var m = machine()
        var none = policy
        none.retries = 0
        #expect(m.failed(key, .timeout, policy: none, nowMs: 0) == .deadLetter(attempts: 1, failure: .timeout))
    }

    @Test func theSameEventIDTwiceIsDeliveredOnceAndCountedAsADuplicate() {
        var m = machine()
        #expect(m.decide(key, offset: 0, eventID: "e1", nowMs: 10) == .deliver(attempt: 1))
        _ = m.delivered(key, eventID: "e1", nowMs: 10)
        #expect(m.decide(key, offset: 1, eventID: "e1", nowMs: 20) == .duplicate(nextOffset: 2))
        // Across partitions of the same service too.
        let other = Key("vehicle.configured", 1)
        #expect(m.decide(other, offset: 7, eventID: "e1", nowMs: 30) == .duplicate(nextOffset: 8))
        #expect(m.decide(key, offset: 2, eventID: "e2", nowMs: 40) == .deliver(attempt: 1))
        #expect(m.counts == counts(delivered: 1, duplicates: 2))
    }

    @Test func anEventIDOutsideTheWindowIsDeliveredAgain() {
        var m = machine(window: 100)
        _ = m.decide(key, offset: 0, eventID: "e1", nowMs: 0)
        _ = m.delivered(key, eventID: "e1", nowMs: 0)
        #expect(m.decide(key, offset: 1, eventID: "e1", nowMs: 100) == .deliver(attempt: 1))
    }

    @Test func recordsWithoutAnEventIDAreNeverDuplicates() {
        var m = machine()
        _ = m.delivered(key, eventID: nil, nowMs: 0)
        #expect(m.decide(key, offset: 1, eventID: nil, nowMs: 0) == .deliver(attempt: 1))
    }

    @Test func aRecordAtAnotherOffsetThanTheNextIsNotSent() {
        var m = machine(start: 3)
        #expect(m.decide(key, offset: 2, eventID: nil, nowMs: 0) == .wait(untilMs: 0))
        #expect(m.decide(Key("other", 0), offset: 0, eventID: nil, nowMs: 0) == .wait(untilMs: 0))
    }

    @Test func skippingMovesForwardOnlyAndEndsARetry() {
        var m = machine(start: 3)
        _ = m.failed(key, .timeout, policy: policy, nowMs: 0)
        #expect(m.counts.retrying == 1)
        m.skip(key, to: 10)
        #expect(m.nextOffset(of: key) == 10)
        #expect(m.counts.retrying == 0)
        m.skip(key, to: 5)
        #expect(m.nextOffset(of: key) == 10)
    }

    func counts(delivered: Int = 0, retries: Int = 0, retrying: Int = 0, deadLettered: Int = 0, duplicates: Int = 0, failures: Int = 0) -> DeliveryCounts {
        var c = DeliveryCounts()
        c.delivered = delivered
        c.retries = retries
        c.retrying = retrying
        c.deadLettered = deadLettered
        c.duplicates = duplicates
        c.failures = failures
        return c
    }
}
