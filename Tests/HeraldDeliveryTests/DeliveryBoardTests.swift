import Testing
@testable import HeraldDelivery

/// The board's kept delivery steps: numbered densely, bounded, read after a sequence.
@Suite struct DeliveryBoardTests {
    static func step(_ offset: Int64, _ outcome: DeliveryStep.Outcome, traceparent: String? = nil) -> DeliveryStep {
        let record = StoredRecord(topic: "order.placed", partition: 0, offset: offset, timestamp: 1, key: nil, value: nil,
                                  headers: traceparent.map { [("traceparent", Array($0.utf8))] } ?? [])
        return DeliveryStep(time: 10 + offset, service: "pricing", event: "order.placed", record: record, eventId: "e-\(offset)",
                            outcome: outcome, attempt: 1, failure: outcome == .retrying ? .status(503, body: "busy") : nil,
                            retryAt: outcome == .retrying ? 1_000 : nil)
    }

    @Test func stepsAreNumberedBoundedAndReadAfterASequence() {
        let board = DeliveryBoard(stepLimit: 3)
        #expect(board.steps(after: 0).isEmpty)
        #expect(board.latestStepSequence == 0)
        for offset in 0..<5 { board.record(Self.step(Int64(offset), .delivered)) }
        #expect(board.latestStepSequence == 5)
        #expect(board.steps(after: 0).map(\.sequence) == [3, 4, 5])
        #expect(board.steps(after: 0).map(\.offset) == [2, 3, 4])
        #expect(board.steps(after: 3).map(\.sequence) == [4, 5])
        #expect(board.steps(after: 5).isEmpty)
        #expect(board.steps(after: 99).isEmpty)
    }

    @Test func aStepKeepsTheFailureTheRetryAndTheTraceparent() {
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let step = DeliveryBoard().record(Self.step(7, .retrying, traceparent: traceparent))
        #expect(step.sequence == 1)
        #expect(step.traceparent == traceparent)
        #expect(step.status == "503")
        #expect(step.reason == "busy")
        #expect(step.retryAt == 1_000)
        #expect(step.message == "attempt 1 of order.placed/0@7 to pricing failed (503); retrying")
        #expect(Self.step(8, .delivered).traceparent == nil)
    }
}
