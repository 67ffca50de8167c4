@testable import HeraldAvro

/// SplitMix64: a tiny seeded generator so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates random schemas and datums for them.
struct DatumGenerator {
    var random: SeededGenerator
    var builder = SchemaBuilder()
    var nameCounter = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    mutating func freshName() -> String {
        nameCounter += 1
        return "gen.T\(nameCounter)"
    }

    /// A random schema node; `allowUnion` is false directly inside a union.
    mutating func schemaNode(depth: Int, allowUnion: Bool = true) -> AvroNode.ID {
        let primitives: [AvroType] = [.null, .boolean, .int, .long, .float, .double, .bytes, .string]
        let choice = depth <= 0 ? int(0...7) : int(0...13)
        switch choice {
        case 0...7: return builder.add(primitives[choice])
        case 8:
            let count = int(0...4)
            var fields: [(String, AvroNode.ID)] = []
            for i in 0..<count { fields.append(("f\(i)", schemaNode(depth: depth - 1))) }
            return builder.record(freshName(), fields)
        case 9:
            let symbols = (0..<int(1...5)).map { "S\($0)" }
            return builder.add(.enumeration(AvroEnum(name: AvroName(fullName: freshName()), symbols: symbols)))
        case 10: return builder.add(.fixed(AvroFixed(name: AvroName(fullName: freshName()), size: int(0...6))))
        case 11: return builder.add(.array(items: schemaNode(depth: depth - 1)))
        case 12: return builder.add(.map(values: schemaNode(depth: depth - 1)))
        default:
            guard allowUnion else { return builder.add(.string) }
            // Distinct branch kinds: a union may not hold two of the same unnamed kind.
            var branches: [AvroNode.ID] = []
            var kinds: Set<String> = []
            for _ in 0..<int(1...4) {
                let branch = schemaNode(depth: depth - 1, allowUnion: false)
                let type = builder.nodes[branch].type
                let key = type.name?.fullName ?? type.specName
                if kinds.insert(key).inserted { branches.append(branch) }
            }
            return builder.add(.union(branches: branches))
        }
    }

    mutating func string() -> String {
        let alphabet = Array("abcXYZ 09_é€😀\"\\\n")
        return String((0..<int(0...8)).map { _ in alphabet[int(0...alphabet.count - 1)] })
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(int(0...255)) } }

    mutating func datum(_ schema: AvroSchema, _ node: AvroNode.ID, depth: Int = 0) -> AvroValue {
        switch schema.nodes[node].type {
        case .null: return .null
        case .boolean: return .boolean(chance(0.5))
        case .int: return .int(chance(0.3) ? [Int32.min, Int32.max, 0, -1][int(0...3)] : Int32(int(-1000...1000)))
        case .long: return .long(chance(0.3) ? [Int64.min, Int64.max, 0, -64][int(0...3)] : Int64(int(-1_000_000...1_000_000)))
        case .float: return .float([Float(0), 1.5, -0.1, 3.4e38, 1e-7, Float(int(-100...100))][int(0...5)])
        case .double: return .double([0.0, 1.5, -0.1, 1.7e308, 5e-324, 123456.789][int(0...5)])
        case .bytes: return .bytes(bytes(int(0...6)))
        case .string: return .string(string())
        case .fixed(let f): return .fixed(bytes(f.size))
        case .enumeration(let e):
            let i = int(0...e.symbols.count - 1)
            return .enumeration(index: i, symbol: e.symbols[i])
        case .record(let r): return .record(r.fields.map { datum(schema, $0.type, depth: depth + 1) })
        case .array(let items):
            let n = depth > 6 ? 0 : int(0...3)
            return .array((0..<n).map { _ in datum(schema, items, depth: depth + 1) })
        case .map(let values):
            let n = depth > 6 ? 0 : int(0...3)
            return .map((0..<n).map { AvroMapEntry(key: "k\($0)", value: datum(schema, values, depth: depth + 1)) })
        case .union(let branches):
            let b = int(0...branches.count - 1)
            return .union(branch: b, value: datum(schema, branches[b], depth: depth + 1))
        }
    }

    /// A random schema with its root.
    mutating func schema() -> AvroSchema {
        builder = SchemaBuilder()
        let root = schemaNode(depth: 4)
        return builder.schema(root: root)
    }
}
