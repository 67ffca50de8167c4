import Testing
@testable import HeraldAvro

/// Resolution over generated schemas: the reader promotes every int, float and string outside unions, lists record
/// fields in reverse order and adds a field with a default; decoding must give the writer's datum, transformed alike.
@Suite struct ResolutionPropertyTests {
    /// Builds the reader schema node by node (same IDs), plus an extra `added` field per record.
    func readerSchema(_ writer: AvroSchema) -> AvroSchema {
        var nodes = writer.nodes
        let longNode = nodes.count, stringNode = nodes.count + 1
        nodes.append(AvroNode(type: .long))
        nodes.append(AvroNode(type: .string))
        var inUnion = Set<Int>()
        for node in writer.nodes { if case .union(let branches) = node.type { inUnion.formUnion(branches) } }
        for (id, node) in writer.nodes.enumerated() {
            switch node.type {
            case .int where !inUnion.contains(id): nodes[id] = AvroNode(type: .long)
            case .float where !inUnion.contains(id): nodes[id] = AvroNode(type: .double)
            case .string where !inUnion.contains(id): nodes[id] = AvroNode(type: .bytes)
            case .record(var record):
                record.fields.reverse()
                record.fields.append(AvroField(name: "added", type: longNode, defaultValue: .number(JSONNumber(7))))
                record.fields.append(AvroField(name: "label", type: stringNode, defaultValue: .string("none")))
                nodes[id] = AvroNode(type: .record(record))
            default: break
            }
        }
        return AvroSchema(nodes: nodes, root: writer.root, namedTypes: writer.namedTypes)
    }

    /// The writer's datum as the reader sees it.
    func expected(_ value: AvroValue, _ writer: AvroSchema, _ reader: AvroSchema, _ node: Int) -> AvroValue {
        switch (value, reader.nodes[node].type) {
        case (.int(let v), .long): return .long(Int64(v))
        case (.float(let v), .double): return .double(Double(v))
        case (.string(let s), .bytes): return .bytes(Array(s.utf8))
        case (.record(let fields), .record):
            guard case .record(let w) = writer.nodes[node].type else { return value }
            let converted = zip(fields, w.fields).map { expected($0.0, writer, reader, $0.1.type) }
            return .record(converted.reversed() + [.long(7), .string("none")])
        case (.array(let items), .array(let item)): return .array(items.map { expected($0, writer, reader, item) })
        case (.map(let entries), .map(let item)):
            return .map(entries.map { AvroMapEntry(key: $0.key, value: expected($0.value, writer, reader, item)) })
        case (.union(let branch, let inner), .union(let branches)):
            return .union(branch: branch, value: expected(inner, writer, reader, branches[branch]))
        default: return value
        }
    }

    @Test(arguments: 0..<3)
    func resolvedDatumsMatchTheTransformedWriterDatums(seedBase: Int) throws {
        var generator = DatumGenerator(seed: UInt64(seedBase) &* 31337 &+ 5)
        for _ in 0..<80 {
            let writer = generator.schema()
            let reader = readerSchema(writer)
            let decoder = try AvroResolvingDecoder(writer: writer, reader: reader)
            let encoder = AvroBinaryEncoder(schema: writer)
            for _ in 0..<4 {
                let value = generator.datum(writer, writer.root)
                let resolved = try decoder.decode(try encoder.encode(value))
                #expect(resolved == expected(value, writer, reader, writer.root))
                // The resolved datum is a valid datum of the reader's schema.
                _ = try AvroBinaryEncoder(schema: reader).encode(resolved)
            }
        }
    }
}
