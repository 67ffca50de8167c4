import Dispatch

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
