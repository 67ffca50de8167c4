/// The compatibility walk's memo: (reader node, writer node) → state, in a small open-addressing table, since a
/// general dictionary's hashing dominated the walk's cost.
struct CompatibilityPairMemo {
    /// The state of a pair.
    enum State: Equatable {
        case inProgress
        case compatible
        /// Index into the walk's stored finding lists.
        case findings(Int)

        var code: Int32 {
            switch self {
            case .inProgress: -1
            case .compatible: -2
            case .findings(let i): Int32(truncatingIfNeeded: i)
            }
        }

        init(code: Int32) {
            switch code {
            case -1: self = .inProgress
            case -2: self = .compatible
            default: self = .findings(Int(code))
            }
        }
    }

    private static let empty = UInt64.max
    private var keys: [UInt64]
    private var states: [Int32]
    private var count = 0
    private var shift: UInt64

    /// An empty memo; the table is allocated on first use.
    init() {
        keys = []
        states = []
        shift = 64 - 5
    }

    static func key(_ r: AvroNode.ID, _ w: AvroNode.ID) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: r)) << 32 | UInt64(UInt32(truncatingIfNeeded: w))
    }

    private func slot(for key: UInt64) -> Int {
        let mask = keys.count - 1
        if mask < 0 { return 0 }
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
        while keys[i] != key && keys[i] != Self.empty { i = (i + 1) & mask }
        return i
    }

    /// The state stored for a pair, if any.
    func state(_ key: UInt64) -> State? {
        if keys.isEmpty { return nil }
        let i = slot(for: key)
        return keys[i] == key ? State(code: states[i]) : nil
    }

    /// Stores a pair's state.
    mutating func set(_ key: UInt64, _ state: State) {
        if keys.isEmpty {
            keys = Array(repeating: Self.empty, count: 32)
            states = Array(repeating: -2, count: 32)
        }
        var i = slot(for: key)
        if keys[i] != key {
            if (count + 1) * 4 > keys.count * 3 {
                grow()
                i = slot(for: key)
            }
            keys[i] = key
            count += 1
        }
        states[i] = state.code
    }

    private mutating func grow() {
        let oldKeys = keys, oldStates = states
        keys = Array(repeating: Self.empty, count: oldKeys.count * 2)
        states = Array(repeating: -2, count: oldKeys.count * 2)
        shift -= 1
        for (i, key) in oldKeys.enumerated() where key != Self.empty {
            let j = slot(for: key)
            keys[j] = key
            states[j] = oldStates[i]
        }
    }
}

extension AvroType {
    /// Record fields, without copying the rest of the record.
    var recordFields: [AvroField]? {
        if case .record(let r) = self { return r.fields }
        return nil
    }

    var fixedSize: Int? {
        if case .fixed(let f) = self { return f.size }
        return nil
    }

    /// A small tag per kind, so the walk can compare kinds without copying payloads.
    var kindTag: UInt8 {
        switch self {
        case .null: 0
        case .boolean: 1
        case .int: 2
        case .long: 3
        case .float: 4
        case .double: 5
        case .bytes: 6
        case .string: 7
        case .record: 8
        case .enumeration: 9
        case .fixed: 10
        case .array: 11
        case .map: 12
        case .union: 13
        }
    }
}
