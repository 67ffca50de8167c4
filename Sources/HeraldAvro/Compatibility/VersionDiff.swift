/// One version of a schema compared with the one before it: the semantic changes (`SchemaDiff`), the registry's
/// verdict for adding it under the mode, and which change each incompatibility is about.
///
/// The value the site's version history, `herald diff` and the registry render alike.
public struct VersionDiff: Sendable, Hashable {
    /// A change and the incompatibilities found at its place; none means the change is compatible under the mode.
    public struct Change: Sendable, Hashable {
        public var change: SchemaChange
        public var breaks: [Break]
        /// A type change that schema resolution reads by promotion (`int` → `long`, `string` → `bytes`, …).
        public var isPromotion: Bool

        public init(change: SchemaChange, breaks: [Break] = [], isPromotion: Bool = false) {
            self.change = change
            self.breaks = breaks
            self.isPromotion = isPromotion
        }

        public var isCompatible: Bool { breaks.isEmpty }
    }

    /// One incompatibility of the verdict, with the version it was found against and the direction read.
    public struct Break: Sendable, Hashable {
        /// The earlier version the new one fails against (the previous one, or any earlier one when transitive).
        public var olderVersion: Int
        public var direction: CompatibilityDirection
        public var type: IncompatibilityType
        /// Where, in `SchemaChange.path` terms (`customer.address`, `lines[]`, `(root)`).
        public var path: String
        public var explanation: String
        public var hint: String
    }

    /// The version compared with, and its label (`v2`, or `v2 (base)` for a published version edited since).
    public var olderVersion: Int
    public var olderLabel: String
    public var newerVersion: Int
    public var newerLabel: String
    public var mode: CompatibilityMode
    /// The changes from the older to the newer schema, in document order of the newer one.
    public var changes: [Change]
    /// Incompatibilities at places no listed change names (a shared type's inside, a rename Java does not follow).
    public var otherBreaks: [Break]
    /// The registry's answer for adding the newer version after the earlier ones.
    public var verdict: CompatibilityVerdict

    public var isCompatible: Bool { verdict.isCompatible }

    /// Compares `newer` with `older` and checks it under `mode` against `earlier` (oldest first, `older` among them,
    /// as the registry would hold them when `newer` is registered).
    public static func compare(
        older: VersionedSchema, newer: VersionedSchema, earlier: [VersionedSchema], mode: CompatibilityMode,
        olderLabel: String? = nil, newerLabel: String? = nil
    ) -> VersionDiff {
        let verdict = CompatibilityChecker.check(mode: mode, new: newer, previous: earlier)
        let schemas = Dictionary(earlier.map { ($0.version, $0.schema) }, uniquingKeysWith: { first, _ in first })
        var breaks: [Break] = []
        for failure in verdict.failures {
            // Pointers are the reader's: the new schema reads under backward, the older one under forward.
            let reader = failure.direction == .backward ? newer.schema : schemas[failure.olderVersion] ?? older.schema
            for problem in failure.incompatibilities {
                breaks.append(Break(
                    olderVersion: failure.olderVersion, direction: failure.direction, type: problem.type,
                    path: SchemaPointerPath.path(of: problem.location, in: reader),
                    explanation: problem.explanation, hint: problem.hint))
            }
        }
        var unclaimed = breaks
        let changes = SchemaDiff().changes(from: older.schema, to: newer.schema).map { change in
            // A doc edit never breaks a reader, though it shares its place with changes that do.
            guard change.kind != .doc else { return Change(change: change) }
            let found = breaks.filter { $0.path == change.path }
            unclaimed.removeAll { $0.path == change.path }
            return Change(change: change, breaks: found, isPromotion: isPromotion(change, older.schema, newer.schema))
        }
        return VersionDiff(
            olderVersion: older.version, olderLabel: olderLabel ?? "v\(older.version)",
            newerVersion: newer.version, newerLabel: newerLabel ?? "v\(newer.version)",
            mode: mode, changes: changes, otherBreaks: unclaimed, verdict: verdict)
    }
}

extension VersionDiff {
    /// Whether a type change at a field, item or value is one the reader reads by promotion.
    static func isPromotion(_ change: SchemaChange, _ older: AvroSchema, _ newer: AvroSchema) -> Bool {
        guard change.kind == .changed, change.detail.hasPrefix("type changed"),
              let writer = SchemaPointerPath.node(at: change.path, in: older),
              let reader = SchemaPointerPath.node(at: change.path, in: newer) else { return false }
        return SchemaMatching.isPromotion(writer: older.nodes[writer].type, reader: newer.nodes[reader].type)
    }
}

/// Compatibility pointers (`/fields/2/type/1`) as the dotted paths `SchemaDiff` names places with (`c`).
enum SchemaPointerPath {
    static func path(of pointer: String, in schema: AvroSchema) -> String {
        var tokens = pointer.split(separator: "/", omittingEmptySubsequences: true).map(String.init)[...]
        var node = schema.root
        var path = ""
        while let token = tokens.popFirst() {
            switch (schema.nodes[node].type, token) {
            case (.record(let record), "fields"):
                guard let index = tokens.popFirst().flatMap(Int.init), record.fields.indices.contains(index) else { return finish(path) }
                let field = record.fields[index]
                path = path.isEmpty ? field.name : path + "." + field.name
                node = field.type
                if tokens.first == "type" { tokens.removeFirst() }
            case (.array(let items), "items"):
                path += "[]"
                node = items
            case (.map(let values), "values"):
                path += "{}"
                node = values
            case (.union(let branches), _):
                guard let index = Int(token), branches.indices.contains(index) else { return finish(path) }
                node = branches[index]
            default:
                return finish(path)
            }
        }
        return finish(path)
    }

    static func finish(_ path: String) -> String { path.isEmpty ? "(root)" : path }

    /// The node a `SchemaDiff` path names (`a.b`, `lines[].qty`, `m{}`); through a union, the first record branch
    /// with the field. Nil when the path does not lead to one node.
    static func node(at path: String, in schema: AvroSchema) -> AvroNode.ID? {
        var node = schema.root
        guard path != "(root)" else { return node }
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var suffixes: [Character] = []
            while name.hasSuffix("[]") || name.hasSuffix("{}") {
                suffixes.insert(name.last == "]" ? "[" : "{", at: 0)
                name = name.dropLast(2)
            }
            let candidates: [AvroNode.ID] = if case .union(let branches) = schema.nodes[node].type { branches } else { [node] }
            var found: AvroNode.ID?
            for candidate in candidates {
                if case .record(let record) = schema.nodes[candidate].type, let index = record.fieldIndex(named: String(name)) {
                    found = record.fields[index].type
                    break
                }
            }
            guard let field = found else { return nil }
            node = field
            for suffix in suffixes {
                switch (schema.nodes[node].type, suffix) {
                case (.array(let items), "["): node = items
                case (.map(let values), "{"): node = values
                default: return nil
                }
            }
        }
        return node
    }
}
