import Foundation
import HeraldAvro

/// `herald-bench compat generate OUT.json [COUNT]` writes deterministic schema evolution pairs;
/// `herald-bench compat run PAIRS.json VERDICTS.json` times the reader/writer check over them and writes the verdicts.
@Sendable func compatBench(_ arguments: [String]) throws {
    switch arguments.first {
    case "generate":
        guard arguments.count >= 2 else { throw BenchUsage("compat generate OUT.json [EVOLUTIONS]") }
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
        var generator = EvolutionPairGenerator(seed: 0x5EED_C0DE)
        let pairs = generator.pairs(evolutions: count)
        let data = try JSONSerialization.data(withJSONObject: pairs.map { ["reader": $0.reader, "writer": $0.writer, "change": $0.change] }, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: arguments[1]))
        print("compat: wrote \(pairs.count) reader/writer pairs")
    case "run":
        guard arguments.count >= 3 else { throw BenchUsage("compat run PAIRS.json VERDICTS.json") }
        try runCompatBench(pairsFile: arguments[1], verdictsFile: arguments[2])
    default:
        throw BenchUsage("compat generate|run …")
    }
}

struct BenchUsage: Error, CustomStringConvertible {
    var description: String
    init(_ usage: String) { description = "usage: herald-bench " + usage }
}

func runCompatBench(pairsFile: String, verdictsFile: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: pairsFile))
    guard let entries = try JSONSerialization.jsonObject(with: data) as? [[String: String]] else { throw BenchUsage("compat run: bad pairs file") }
    let texts = try entries.enumerated().map { i, entry -> (String, String) in
        guard let r = entry["reader"], let w = entry["writer"] else { throw BenchUsage("compat run: pair \(i) lacks a schema") }
        return (r, w)
    }
    let parser = AvroSchemaParser()
    let limit = Double(ProcessInfo.processInfo.environment["HERALD_BENCH_SECONDS"] ?? "") ?? 3

    // End to end, as `herald avro compat` does it: parse both schemas, then check.
    var endToEndRounds = 0
    var start = cpuSeconds()
    repeat {
        for (r, w) in texts {
            guard let reader = parser.parse(r, file: nil).schema, let writer = parser.parse(w, file: nil).schema else {
                throw BenchUsage("compat run: a pair does not parse")
            }
            _ = AvroCompatibility.check(reader: reader, writer: writer)
        }
        endToEndRounds += 1
    } while cpuSeconds() - start < 1
    let endToEndRate = Double(texts.count * endToEndRounds) / (cpuSeconds() - start)

    // Check only: each distinct schema text is parsed once (both directions of an evolution share the two schemas).
    // Each parsed schema is laid out for checking once, as Python's parse builds its schema objects once.
    var parsed: [String: CompatibilitySchema] = [:]
    // Readers and writers in two arrays: iterating an array of tuples copied each pair through generic metadata.
    var readers: [CompatibilitySchema] = [], writers: [CompatibilitySchema] = []
    for (r, w) in texts {
        for text in [r, w] where parsed[text] == nil { parsed[text] = parser.parse(text, file: nil).schema.map(CompatibilitySchema.init) }
        guard let reader = parsed[r], let writer = parsed[w] else { throw BenchUsage("compat run: a pair does not parse") }
        readers.append(reader)
        writers.append(writer)
    }
    var verdicts: [Bool] = []
    var findings = 0
    for i in readers.indices {
        let result = AvroCompatibility.check(reader: readers[i], writer: writers[i])
        verdicts.append(result.isCompatible)
        findings += result.incompatibilities.count
    }
    // Timed: whole rounds over every pair for at least three seconds (HERALD_BENCH_SECONDS), as long as the reference.
    var rounds = 0
    var checksum = 0
    start = cpuSeconds()
    repeat {
        for i in readers.indices { checksum &+= AvroCompatibility.check(reader: readers[i], writer: writers[i]).incompatibilities.count }
        rounds += 1
    } while cpuSeconds() - start < limit
    let rate = Double(readers.count * rounds) / (cpuSeconds() - start)
    try JSONSerialization.data(withJSONObject: verdicts).write(to: URL(fileURLWithPath: verdictsFile))
    print("herald: \(readers.count) pairs, \(verdicts.filter { $0 }.count) compatible, \(findings) incompatibilities (checksum \(checksum / rounds))")
    print("herald_pairs_per_second=\(Int(rate))")
    print("herald_parse_and_check_pairs_per_second=\(Int(endToEndRate))")
}

/// CPU time of this process: the machine is shared, and wall time would charge other processes' work to ours.
/// The Python reference is timed the same way (`time.process_time`).
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Deterministic, realistic evolution pairs: event records with nested records, enums, unions, arrays, maps and
/// logical types, evolved by the changes teams make (fields added or removed with and without defaults, enum symbols,
/// promotions and narrowings, nullability, renames with aliases, fixed sizes). Each evolution gives two pairs:
/// new reads old (backward) and old reads new (forward).
struct EvolutionPairGenerator {
    struct Pair {
        var reader: String
        var writer: String
        var change: String
    }

    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pairs(evolutions: Int) -> [Pair] {
        var out: [Pair] = []
        for i in 0..<evolutions {
            var names = 0
            var old = makeRecord(name: "Event\(i)", namespace: "com.example.bench", depth: 0, names: &names)
            var new = old
            var changes: [String] = []
            for _ in 0..<(1 + random.next(3)) { changes.append(evolve(&new, names: &names, enclosing: "com.example.bench")) }
            if random.next(10) == 0 { swap(&old, &new) }
            let change = changes.joined(separator: ", ")
            out.append(Pair(reader: new.json, writer: old.json, change: "backward: " + change))
            out.append(Pair(reader: old.json, writer: new.json, change: "forward: " + change))
        }
        return out
    }

    // MARK: Model

    indirect enum GenType {
        case primitive(String, logical: String?)
        case decimal
        case enumeration(name: String, symbols: [String], defaultSymbol: String?)
        case fixed(name: String, size: Int)
        case array(GenType)
        case map(GenType)
        case nullable(GenType)
        case record(GenRecord)
    }

    struct GenField {
        var name: String
        var type: GenType
        var defaultJSON: String?
        var aliases: [String] = []
    }

    struct GenRecord {
        var name: String
        var namespace: String?
        var aliases: [String] = []
        var fields: [GenField]

        var json: String { GenType.record(self).json }
    }

    // MARK: Generation

    mutating func makeRecord(name: String, namespace: String?, depth: Int, names: inout Int) -> GenRecord {
        let count = depth == 0 ? 4 + random.next(9) : 2 + random.next(4)
        var fields: [GenField] = []
        for k in 0..<count {
            let type = makeType(depth: depth, names: &names)
            // Records get no default: a nested change would leave it stale.
            let withDefault = random.next(3) == 0 && type.nestedRecord == nil
            fields.append(GenField(name: "f\(k)", type: type, defaultJSON: withDefault ? type.defaultJSON : nil))
        }
        return GenRecord(name: name, namespace: namespace, fields: fields)
    }

    mutating func makeType(depth: Int, names: inout Int) -> GenType {
        switch random.next(depth < 2 ? 14 : 10) {
        case 0: return .primitive("int", logical: nil)
        case 1: return .primitive("long", logical: random.next(2) == 0 ? "timestamp-millis" : nil)
        case 2: return .primitive("string", logical: nil)
        case 3: return .primitive(["float", "double", "boolean", "bytes"][random.next(4)], logical: nil)
        case 4: return .nullable(.primitive(["string", "int", "long"][random.next(3)], logical: nil))
        case 5:
            names += 1
            let symbols = (0..<(3 + random.next(4))).map { "S\($0)" }
            return .enumeration(name: "Kind\(names)", symbols: symbols, defaultSymbol: random.next(3) == 0 ? symbols[0] : nil)
        case 6: return .array(.primitive(["string", "int", "long"][random.next(3)], logical: nil))
        case 7: return .map(.primitive(["string", "double"][random.next(2)], logical: nil))
        case 8:
            names += 1
            return .fixed(name: "Hash\(names)", size: [4, 8, 16][random.next(3)])
        case 9: return random.next(2) == 0 ? .decimal : .primitive("int", logical: "date")
        case 10, 11:
            names += 1
            return .record(makeRecord(name: "Part\(names)", namespace: random.next(4) == 0 ? "com.example.parts" : nil, depth: depth + 1, names: &names))
        case 12:
            names += 1
            return .array(.record(makeRecord(name: "Line\(names)", namespace: nil, depth: depth + 1, names: &names)))
        default:
            names += 1
            return .nullable(.record(makeRecord(name: "Opt\(names)", namespace: nil, depth: depth + 1, names: &names)))
        }
    }

    // MARK: Evolution

    /// Keeps a field's default valid after its type changed.
    func refreshDefault(_ field: inout GenField) {
        if field.defaultJSON != nil { field.defaultJSON = field.type.defaultJSON }
    }

    /// Applies one change somewhere in the record tree; returns its description.
    /// `enclosing` is the namespace a record without its own inherits (aliases are written fully qualified, which
    /// Java and Python read alike; a short alias is a known verdict difference of the Python port).
    mutating func evolve(_ record: inout GenRecord, names: inout Int, enclosing: String = "com.example.bench") -> String {
        let namespace = record.namespace ?? enclosing
        // Sometimes descend into a nested record to change it there.
        if random.next(3) == 0, let index = record.fields.indices.filter({ record.fields[$0].type.nestedRecord != nil }).randomElement(using: &random) {
            var nested = record.fields[index].type.nestedRecord!
            let change = evolve(&nested, names: &names, enclosing: namespace)
            record.fields[index].type = record.fields[index].type.replacingNestedRecord(nested)
            refreshDefault(&record.fields[index])
            return "\(record.fields[index].name).\(change)"
        }
        let fresh = "n\(names)_\(random.next(1000))"
        names += 1
        guard !record.fields.isEmpty else {
            record.fields.append(GenField(name: fresh, type: .primitive("string", logical: nil), defaultJSON: "\"\""))
            return "add field with default"
        }
        let index = random.next(record.fields.count)
        switch random.next(13) {
        case 0, 1:
            let type = makeType(depth: 2, names: &names)
            record.fields.append(GenField(name: fresh, type: type, defaultJSON: type.defaultJSON))
            return "add field with default"
        case 2:
            let type = makeType(depth: 2, names: &names)
            record.fields.insert(GenField(name: fresh, type: type, defaultJSON: nil), at: random.next(record.fields.count + 1))
            return "add field without default"
        case 3:
            let removed = record.fields.remove(at: index)
            return "remove field \(removed.defaultJSON == nil ? "without" : "with") default"
        case 4:
            record.fields[index].type = record.fields[index].type.promoted
            refreshDefault(&record.fields[index])
            return "promote or narrow"
        case 5:
            record.fields[index].type = .nullable(record.fields[index].type.withoutNullable)
            record.fields[index].defaultJSON = "null"
            return "make nullable"
        case 6:
            if case .enumeration(let name, var symbols, let def) = record.fields[index].type {
                symbols.append("S\(symbols.count + 10)")
                record.fields[index].type = .enumeration(name: name, symbols: symbols, defaultSymbol: def)
                return "add enum symbol"
            }
            record.fields[index].type = .primitive("string", logical: nil)
            record.fields[index].defaultJSON = nil
            return "change type to string"
        case 7:
            if case .enumeration(let name, var symbols, let def) = record.fields[index].type, symbols.count > 1 {
                let removed = symbols.removeLast()
                record.fields[index].type = .enumeration(name: name, symbols: symbols, defaultSymbol: def == removed ? nil : def)
                if record.fields[index].defaultJSON == "\"\(removed)\"" { record.fields[index].defaultJSON = "\"\(symbols[0])\"" }
                return "remove enum symbol"
            }
            record.fields[index].defaultJSON = record.fields[index].type.defaultJSON
            return "add default"
        case 8:
            if case .enumeration(let name, let symbols, _) = record.fields[index].type {
                record.fields[index].type = .enumeration(name: name, symbols: symbols, defaultSymbol: symbols[0])
                return "add enum default"
            }
            record.fields[index].defaultJSON = nil
            return "drop default"
        case 9:
            let oldName = record.fields[index].name
            record.fields[index].name = fresh
            if random.next(4) != 0 { record.fields[index].aliases = [oldName] }
            return record.fields[index].aliases.isEmpty ? "rename field" : "rename field with alias"
        case 10:
            if case .fixed(let name, let size) = record.fields[index].type {
                record.fields[index].type = .fixed(name: name, size: size * 2)
                refreshDefault(&record.fields[index])
                return "resize fixed"
            }
            record.fields[index].type = .array(record.fields[index].type.withoutNullable)
            record.fields[index].defaultJSON = nil
            return "wrap in array"
        case 11:
            if case .record(var nested) = record.fields[index].type {
                let oldFull = (nested.namespace ?? namespace) + "." + nested.name
                nested.name += "V2"
                if random.next(3) != 0 { nested.aliases = [oldFull] }
                record.fields[index].type = .record(nested)
                return nested.aliases.isEmpty ? "rename record" : "rename record with alias"
            }
            record.fields.swapAt(index, random.next(record.fields.count))
            return "reorder fields"
        default:
            if case .record(var nested) = record.fields[index].type {
                nested.namespace = nested.namespace == nil ? "com.example.moved" : nil
                record.fields[index].type = .record(nested)
                return "move record to another namespace"
            }
            record.fields[index].type = .nullable(.primitive(["string", "int"][random.next(2)], logical: nil))
            record.fields[index].defaultJSON = "null"
            return "replace with nullable"
        }
    }
}

extension EvolutionPairGenerator.GenType {
    var json: String {
        switch self {
        case .primitive(let name, let logical):
            return logical.map { #"{"type": "\#(name)", "logicalType": "\#($0)"}"# } ?? #""\#(name)""#
        case .decimal:
            return #"{"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}"#
        case .enumeration(let name, let symbols, let def):
            let list = symbols.map { #""\#($0)""# }.joined(separator: ", ")
            return #"{"type": "enum", "name": "\#(name)", "symbols": [\#(list)]\#(def.map { #", "default": "\#($0)""# } ?? "")}"#
        case .fixed(let name, let size):
            return #"{"type": "fixed", "name": "\#(name)", "size": \#(size)}"#
        case .array(let items):
            return #"{"type": "array", "items": \#(items.json)}"#
        case .map(let values):
            return #"{"type": "map", "values": \#(values.json)}"#
        case .nullable(let inner):
            return #"["null", \#(inner.json)]"#
        case .record(let record):
            let fields = record.fields.map { field in
                var text = #"{"name": "\#(field.name)", "type": \#(field.type.json)"#
                if !field.aliases.isEmpty { text += #", "aliases": [\#(field.aliases.map { #""\#($0)""# }.joined(separator: ", "))]"# }
                if let def = field.defaultJSON { text += #", "default": \#(def)"# }
                return text + "}"
            }.joined(separator: ", ")
            var head = #"{"type": "record", "name": "\#(record.name)""#
            if let namespace = record.namespace { head += #", "namespace": "\#(namespace)""# }
            if !record.aliases.isEmpty { head += #", "aliases": [\#(record.aliases.map { #""\#($0)""# }.joined(separator: ", "))]"# }
            return head + #", "fields": [\#(fields)]}"#
        }
    }

    /// A valid default for the type (the first branch of a nullable union is null).
    var defaultJSON: String {
        switch self {
        case .primitive(let name, _):
            switch name {
            case "int", "long": return "0"
            case "float", "double": return "0.5"
            case "boolean": return "false"
            default: return #""""#
            }
        case .decimal: return #""""#
        case .enumeration(_, let symbols, _): return #""\#(symbols[0])""#
        case .fixed(_, let size): return "\"" + String(repeating: "a", count: size) + "\""
        case .array: return "[]"
        case .map: return "{}"
        case .nullable: return "null"
        case .record(let record):
            let members = record.fields.map { #""\#($0.name)": \#($0.type.defaultJSON)"# }.joined(separator: ", ")
            return "{" + members + "}"
        }
    }

    var nestedRecord: EvolutionPairGenerator.GenRecord? {
        switch self {
        case .record(let r): r
        case .nullable(let inner), .array(let inner): inner.nestedRecord
        default: nil
        }
    }

    func replacingNestedRecord(_ record: EvolutionPairGenerator.GenRecord) -> Self {
        switch self {
        case .record: .record(record)
        case .nullable(let inner): .nullable(inner.replacingNestedRecord(record))
        case .array(let inner): .array(inner.replacingNestedRecord(record))
        default: self
        }
    }

    var withoutNullable: Self {
        if case .nullable(let inner) = self { return inner }
        return self
    }

    /// A promotion along Avro's rules, or a narrowing (the reverse) for the other direction's sake.
    var promoted: Self {
        switch self {
        case .primitive("int", _): .primitive("long", logical: nil)
        case .primitive("long", _): .primitive("double", logical: nil)
        case .primitive("float", _): .primitive("double", logical: nil)
        case .primitive("double", _): .primitive("float", logical: nil)
        case .primitive("string", _): .primitive("bytes", logical: nil)
        case .primitive("bytes", _): .primitive("string", logical: nil)
        case .primitive("boolean", _): .primitive("int", logical: nil)
        case .nullable(let inner): .nullable(inner.promoted)
        case .array(let inner): .array(inner.promoted)
        case .map(let inner): .map(inner.promoted)
        default: self
        }
    }
}

/// A small deterministic generator (SplitMix64), so the pairs are the same on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
