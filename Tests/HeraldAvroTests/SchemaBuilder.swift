@testable import HeraldAvro

/// Builds `AvroSchema` arenas in code, for tests that must not depend on the schema parser.
struct SchemaBuilder {
    var nodes: [AvroNode] = []
    var named: [String: AvroNode.ID] = [:]

    mutating func add(_ type: AvroType, _ logical: LogicalType? = nil) -> AvroNode.ID {
        nodes.append(AvroNode(type: type, logicalType: logical))
        if let name = type.name { named[name.fullName] = nodes.count - 1 }
        return nodes.count - 1
    }

    /// Reserves a node to fill later (for recursive types).
    mutating func reserve() -> AvroNode.ID {
        nodes.append(AvroNode(type: .null))
        return nodes.count - 1
    }

    mutating func set(_ id: AvroNode.ID, _ type: AvroType, _ logical: LogicalType? = nil) {
        nodes[id] = AvroNode(type: type, logicalType: logical)
        if let name = type.name { named[name.fullName] = id }
    }

    func schema(root: AvroNode.ID) -> AvroSchema { AvroSchema(nodes: nodes, root: root, namedTypes: named) }

    static func primitive(_ type: AvroType, _ logical: LogicalType? = nil) -> AvroSchema {
        var b = SchemaBuilder()
        let id = b.add(type, logical)
        return b.schema(root: id)
    }

    mutating func record(_ fullName: String, _ fields: [(String, AvroNode.ID)], defaults: [String: JSONValue] = [:]) -> AvroNode.ID {
        add(.record(AvroRecord(name: AvroName(fullName: fullName), fields: fields.map { AvroField(name: $0.0, type: $0.1, defaultValue: defaults[$0.0]) })))
    }
}
