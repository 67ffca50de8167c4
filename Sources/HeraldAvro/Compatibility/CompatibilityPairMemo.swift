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

    /// A key and its state side by side: one allocation per table, and one cache line read per probe.
    private struct Entry {
        var key: UInt64
        var state: Int32
    }

    private static let empty = UInt64.max
    private var entries: [Entry]
    private var count = 0
    private var shift: UInt64

    /// An empty memo; the table is allocated on first use.
    init() {
        entries = []
        shift = 64 - 5
    }

    static func key(_ r: AvroNode.ID, _ w: AvroNode.ID) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: r)) << 32 | UInt64(UInt32(truncatingIfNeeded: w))
    }

    private static func slot(for key: UInt64, in entries: UnsafeBufferPointer<Entry>, shift: UInt64) -> Int {
        let mask = entries.count - 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
        while entries[i].key != key && entries[i].key != Self.empty { i = (i + 1) & mask }
        return i
    }

    /// The state stored for a pair, if any.
    func state(_ key: UInt64) -> State? {
        if entries.isEmpty { return nil }
        return entries.withUnsafeBufferPointer { table in
            let i = Self.slot(for: key, in: table, shift: shift)
            return table[i].key == key ? State(code: table[i].state) : nil
        }
    }

    /// Stores a pair's state.
    mutating func set(_ key: UInt64, _ state: State) {
        if entries.isEmpty { entries = Array(repeating: Entry(key: Self.empty, state: -2), count: 32) }
        if (count + 1) * 4 > entries.count * 3 { grow() }
        let shift = self.shift
        let added = entries.withUnsafeMutableBufferPointer { table in
            let i = Self.slot(for: key, in: UnsafeBufferPointer(table), shift: shift)
            let added = table[i].key != key
            table[i] = Entry(key: key, state: state.code)
            return added
        }
        if added { count += 1 }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: Self.empty, state: -2), count: old.count * 2)
        shift -= 1
        let shift = self.shift
        entries.withUnsafeMutableBufferPointer { table in
            for entry in old where entry.key != Self.empty {
                table[Self.slot(for: entry.key, in: UnsafeBufferPointer(table), shift: shift)] = entry
            }
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
