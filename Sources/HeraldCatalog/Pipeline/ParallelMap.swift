import Dispatch
import Foundation

/// Order-preserving parallel map for independent per-item work (files, events).
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(_ items: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        if items.count < 2 { return items.map(transform) }
        let results = ResultBuffer<Output>(count: items.count)
        // Chunks keep the dispatch overhead small relative to the work.
        let chunkCount = min(items.count, 64)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let lower = items.count * chunk / chunkCount, upper = items.count * (chunk + 1) / chunkCount
            for index in lower..<upper { results.set(index, transform(items[index])) }
        }
        return results.values()
    }

    /// The same for work that mostly waits on the disk (listing folders, reading files): `width` threads, more than
    /// there are cores, keep that many reads in flight, which is what a cold page cache needs. Items are taken one
    /// at a time, in order.
    public static func mapBlocking<Input: Sendable, Output: Sendable>(
        _ items: [Input], width: Int = 16, _ transform: @escaping @Sendable (Input) -> Output
    ) -> [Output] {
        if items.count < 2 || width < 2 { return items.map(transform) }
        let results = ResultBuffer<Output>(count: items.count)
        let next = NextIndex()
        let group = DispatchGroup()
        for _ in 0..<min(width, items.count) {
            group.enter()
            Thread {
                while let index = next.take(below: items.count) { results.set(index, transform(items[index])) }
                group.leave()
            }.start()
        }
        group.wait()
        return results.values()
    }
}

/// The next index to hand out, under a lock.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

/// Slots written once each from concurrent iterations; distinct indices never race.
private final class ResultBuffer<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ index: Int, _ value: Value) { storage[index] = value }
    /// Moves the values out (each slot is left nil), so that large results are not copied and then destroyed.
    /// Every slot was set by the time this is called (one iteration per index), so none is skipped.
    func values() -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            if let value = (storage + index).move() { values.append(value) }
            (storage + index).initialize(to: nil)
        }
        return values
    }
}
