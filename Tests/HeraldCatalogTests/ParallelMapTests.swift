import Foundation
import HeraldCatalog
import Testing

/// Both parallel maps return every result in input order, whatever order the workers finish in.
@Suite struct ParallelMapTests {
    @Test func mapKeepsOrder() {
        let items = Array(0..<10_000)
        #expect(ParallelMap.map(items) { $0 * 3 } == items.map { $0 * 3 })
        #expect(ParallelMap.map([7]) { $0 + 1 } == [8])
        #expect(ParallelMap.map([Int]()) { $0 }.isEmpty)
    }

    @Test func blockingMapKeepsOrderAndRunsItemsAtOnce() {
        let items = Array(0..<2_000)
        // Items that sleep a little finish out of order; the result is still in input order.
        let results = ParallelMap.mapBlocking(items, width: 16) { item -> String in
            if item % 97 == 0 { usleep(2_000) }
            return "item \(item)"
        }
        #expect(results == items.map { "item \($0)" })
        #expect(ParallelMap.mapBlocking([1, 2, 3], width: 1) { $0 * 2 } == [2, 4, 6])
        #expect(ParallelMap.mapBlocking([Int](), width: 8) { $0 }.isEmpty)
    }

    @Test func blockingMapRunsWidthItemsAtOnce() {
        // Eight items that each wait for all eight to have started can only finish if eight run at the same time
        // (as reads waiting on a disk do); on fewer threads they would give up waiting.
        let arrived = DispatchGroup()
        for _ in 0..<8 { arrived.enter() }
        let results = ParallelMap.mapBlocking(Array(0..<8), width: 8) { _ -> Bool in
            arrived.leave()
            return arrived.wait(timeout: .now() + 30) == .success
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
