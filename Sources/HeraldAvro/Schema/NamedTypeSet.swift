import HeraldDiagnostics

/// Named types defined in other files (e.g. the catalog's `types/*.avsc`), which a schema may reference by full name.
public struct NamedTypeSet: Sendable {
    struct Entry: Sendable {
        var schema: AvroSchema
        var node: AvroNode.ID
        var canonicalForm: String
    }

    private var entries: [String: Entry] = [:]
    /// Conflicts found while adding schemas: the same full name defined differently.
    public internal(set) var diagnostics: [Diagnostic] = []

    /// An empty set.
    public init() {}

    /// The named types of these schemas; a full name defined differently by two of them gets a diagnostic (the first definition wins).
    public init(schemas: [AvroSchema]) {
        for schema in schemas { add(schema) }
    }

    /// Adds every named type of a schema. Returns the conflicts it found (also appended to `diagnostics`).
    @discardableResult
    public mutating func add(_ schema: AvroSchema) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for fullName in schema.namedTypes.keys.sorted() {
            guard let id = schema.namedTypes[fullName] else { continue }
            let canonical = schema.canonicalForm(of: id)
            if let existing = entries[fullName] {
                if existing.canonicalForm != canonical {
                    let source = schema.nodes[id].source
                    let other = existing.schema.nodes[existing.node].source?.location
                    found.append(Diagnostic(
                        AvroSchemaRules.conflictingDefinition,
                        message: "\(fullName) is defined differently here than in \(other.map(\.description) ?? "another schema")",
                        location: source?.location, pointer: source?.pointer))
                }
                continue
            }
            entries[fullName] = Entry(schema: schema, node: id, canonicalForm: canonical)
        }
        diagnostics.append(contentsOf: found)
        return found
    }

    /// The defining schema and node of a full name.
    public func definition(of fullName: String) -> (schema: AvroSchema, node: AvroNode.ID)? {
        entries[fullName].map { ($0.schema, $0.node) }
    }

    /// True when the set defines this full name.
    public func contains(_ fullName: String) -> Bool { entries[fullName] != nil }

    /// Every full name, sorted.
    public var fullNames: [String] { entries.keys.sorted() }

    /// The number of named types.
    public var count: Int { entries.count }

    /// The named type as a self-contained schema rooted at it.
    public func schema(for fullName: String) -> AvroSchema? {
        guard let entry = entries[fullName] else { return nil }
        return entry.schema.subschema(rootedAt: entry.node)
    }
}

extension AvroSchema {
    /// The subgraph reachable from `id` as its own schema (IDs renumbered, sources kept).
    public func subschema(rootedAt id: AvroNode.ID) -> AvroSchema {
        var mapping: [AvroNode.ID: AvroNode.ID] = [:]
        var order: [AvroNode.ID] = []
        var stack = [id]
        while let next = stack.popLast() {
            guard mapping[next] == nil, next >= 0, next < nodes.count else { continue }
            mapping[next] = order.count
            order.append(next)
            stack.append(contentsOf: nodes[next].type.children.reversed())
        }
        var newNodes: [AvroNode] = []
        var named: [String: AvroNode.ID] = [:]
        for old in order {
            var node = nodes[old]
            node.type = node.type.remappingChildren { mapping[$0] ?? 0 }
            if let name = node.type.name?.fullName { named[name] = newNodes.count }
            newNodes.append(node)
        }
        return AvroSchema(nodes: newNodes, root: 0, namedTypes: named)
    }
}
