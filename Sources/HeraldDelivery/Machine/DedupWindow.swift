/// The event IDs delivered to one service within the last `windowMilliseconds`: a record whose ID is here is a
/// duplicate and is not delivered again.
public struct DedupWindow: Sendable, Hashable {
    public var windowMilliseconds: Int64
    /// Delivery time (ms since the epoch) by event ID.
    public private(set) var deliveredAt: [String: Int64] = [:]
    /// IDs in delivery order, for pruning the oldest first.
    private var order: [(id: String, at: Int64)] = []
    private var orderStart = 0

    public init(windowMilliseconds: Int64) { self.windowMilliseconds = windowMilliseconds }

    /// True when `id` was delivered within the window before `nowMs`.
    public func contains(_ id: String, nowMs: Int64) -> Bool {
        guard let at = deliveredAt[id] else { return false }
        return nowMs - at < windowMilliseconds
    }

    /// Notes a delivery of `id` at `nowMs`, and forgets IDs that left the window.
    public mutating func record(_ id: String, nowMs: Int64) {
        prune(nowMs: nowMs)
        deliveredAt[id] = nowMs
        order.append((id, nowMs))
    }

    /// The number of IDs remembered.
    public var count: Int { deliveredAt.count }

    private mutating func prune(nowMs: Int64) {
        while orderStart < order.count, nowMs - order[orderStart].at >= windowMilliseconds {
            let (id, at) = order[orderStart]
            if deliveredAt[id] == at { deliveredAt[id] = nil }
            orderStart += 1
        }
        if orderStart > 1024, orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }

    public static func == (lhs: DedupWindow, rhs: DedupWindow) -> Bool {
        lhs.windowMilliseconds == rhs.windowMilliseconds && lhs.deliveredAt == rhs.deliveredAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(windowMilliseconds)
        hasher.combine(deliveredAt)
    }
}
