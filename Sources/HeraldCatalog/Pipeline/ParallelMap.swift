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
    func values() -> [Value] { (0..<count).map { storage[$0]! } }
}
