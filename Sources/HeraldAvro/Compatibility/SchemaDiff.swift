/// A semantic difference between two versions of a schema.
public struct SchemaChange: Sendable, Hashable {
    /// What kind of change it is.
    public enum Kind: String, Sendable, Hashable {
        case added, removed, changed, doc
    }

    /// Added, removed, changed or a doc-only change.
    public var kind: Kind
    /// Where: `customer.address.city`, `status` (an enum), `(root)`.
    public var path: String
    /// The change in words (`field added (string, no default)`).
    public var detail: String
}

/// Compares two schemas field by field: fields added and removed, type, default and doc changes, enum symbols,
/// fixed sizes and union branches, recursing into nested records, arrays, maps and matching union branches.
public struct SchemaDiff: Sendable {
    /// A diff with no options.
    public init() {}

    /// The changes from `old` to `new`, in a stable order (document order of the new schema).
    public func changes(from old: AvroSchema, to new: AvroSchema) -> [SchemaChange] {
        var walk = Walk(old: old, new: new)
        walk.compare(old.root, new.root, path: "")
        return walk.changes
    }

    private struct Walk {
        let old: AvroSchema
        let new: AvroSchema
        var changes: [SchemaChange] = []
        /// Node pairs already compared (old ID in the high half): recursive types would otherwise never end.
        var seen: Set<UInt64> = []

        init(old: AvroSchema, new: AvroSchema) {
            self.old = old
            self.new = new
        }

        mutating func add(_ kind: SchemaChange.Kind, _ path: String, _ detail: String) {
            changes.append(SchemaChange(kind: kind, path: path.isEmpty ? "(root)" : path, detail: detail))
        }

        static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

        mutating func compare(_ oldID: AvroNode.ID, _ newID: AvroNode.ID, path: String) {
            guard seen.insert(UInt64(UInt32(truncatingIfNeeded: oldID)) << 32 | UInt64(UInt32(truncatingIfNeeded: newID))).inserted
            else { return }
            // Descriptions are only needed for the changes found, so they are made on demand.
            var oldDescription: String { SchemaTypeDescription.describe(old, oldID) }
            var newDescription: String { SchemaTypeDescription.describe(new, newID) }
            switch (old.nodes[oldID].type, new.nodes[newID].type) {
            case (.record(let a), .record(let b)):
                if a.name != b.name { add(.changed, path, "record renamed from \(a.name.fullName) to \(b.name.fullName)") }
                if a.doc != b.doc { add(.doc, path, docChange(a.doc, b.doc)) }
                compareFields(a, b, path: path)
            case (.enumeration(let a), .enumeration(let b)):
                if a.name != b.name { add(.changed, path, "enum renamed from \(a.name.fullName) to \(b.name.fullName)") }
                let added = b.symbols.filter { !a.symbols.contains($0) }
                let removed = a.symbols.filter { !b.symbols.contains($0) }
                if !added.isEmpty { add(.added, path, "enum symbols added: " + added.joined(separator: ", ")) }
                if !removed.isEmpty { add(.removed, path, "enum symbols removed: " + removed.joined(separator: ", ")) }
                if a.defaultSymbol != b.defaultSymbol {
                    add(.changed, path, "enum default changed from \(a.defaultSymbol ?? "none") to \(b.defaultSymbol ?? "none")")
                }
                if a.doc != b.doc { add(.doc, path, docChange(a.doc, b.doc)) }
            case (.fixed(let a), .fixed(let b)):
                if a.name != b.name || a.size != b.size { add(.changed, path, "type changed from \(describeFixed(a)) to \(describeFixed(b))") }
            case (.array(let a), .array(let b)):
                if old.nodes[oldID].logicalType != new.nodes[newID].logicalType {
                    add(.changed, path, "type changed from \(oldDescription) to \(newDescription)")
                }
                compare(a, b, path: path + "[]")
            case (.map(let a), .map(let b)):
                compare(a, b, path: path + "{}")
            case (.union(let a), .union(let b)) where Self.sameBranchesInOrder(old, a, new, b):
                // Nothing added, removed or moved (the common `[null, X]` kept as it was): compare branch by branch.
                for (oldBranch, newBranch) in zip(a, b) { compare(oldBranch, newBranch, path: path) }
            case (.union(let a), .union(let b)):
                let oldBranches = a.map { SchemaTypeDescription.describe(old, $0) }
                let newBranches = b.map { SchemaTypeDescription.describe(new, $0) }
                let added = newBranches.filter { !oldBranches.contains($0) }
                let removed = oldBranches.filter { !newBranches.contains($0) }
                if !added.isEmpty { add(.added, path, "union branches added: " + added.joined(separator: ", ")) }
                if !removed.isEmpty { add(.removed, path, "union branches removed: " + removed.joined(separator: ", ")) }
                if added.isEmpty, removed.isEmpty, oldBranches != newBranches {
                    add(.changed, path, "union branches reordered: \(oldDescription) → \(newDescription)")
                }
                // Branches that are the same named type (or the same structural kind) are compared inside.
                for (offset, newBranch) in b.enumerated() {
                    let label = newBranches[offset]
                    if let oldOffset = oldBranches.firstIndex(of: label) { compare(a[oldOffset], newBranch, path: path) }
                }
            default:
                if SchemaTypeDescription.surelySame(old, oldID, new, newID) { break }
                let (oldText, newText) = (oldDescription, newDescription)
                if oldText != newText {
                    add(.changed, path, "type changed from \(oldText) to \(newText)")
                } else if old.nodes[oldID].logicalType != new.nodes[newID].logicalType {
                    add(.changed, path, "logical type changed")
                }
            }
        }

        /// The position of the field `name` in `record`, trying `hint` first: versions mostly keep field order.
        static func fieldIndex(_ record: AvroRecord, named name: String, hint: Int) -> Int? {
            if hint < record.fields.count, record.fields[hint].name == name { return hint }
            return record.fieldIndex(named: name)
        }

        mutating func compareFields(_ a: AvroRecord, _ b: AvroRecord, path: String) {
            for (offset, field) in a.fields.enumerated() where Self.fieldIndex(b, named: field.name, hint: offset) == nil {
                let renamedTo = b.fields.first { $0.aliases.contains(field.name) }
                if let renamedTo {
                    add(.changed, Self.join(path, field.name), "field renamed to \(renamedTo.name) (alias kept)")
                } else {
                    add(.removed, Self.join(path, field.name), "field removed (\(SchemaTypeDescription.describe(old, field.type)))")
                }
            }
            for (offset, field) in b.fields.enumerated() {
                let fieldPath = Self.join(path, field.name)
                let oldIndex = Self.fieldIndex(a, named: field.name, hint: offset) ?? a.fields.firstIndex { field.aliases.contains($0.name) }
                guard let oldIndex else {
                    let type = SchemaTypeDescription.describe(new, field.type)
                    let defaultText = field.defaultValue.map { ", default " + JSONWriter().write($0) } ?? ", no default"
                    add(.added, fieldPath, "field added (\(type)\(defaultText))")
                    continue
                }
                let oldField = a.fields[oldIndex]
                // Equal values write equal text; only differing ones are written and compared as text.
                if oldField.defaultValue != field.defaultValue {
                    let oldDefault = oldField.defaultValue.map { JSONWriter().write($0) }
                    let newDefault = field.defaultValue.map { JSONWriter().write($0) }
                    if oldDefault != newDefault {
                        add(.changed, fieldPath, "default changed from \(oldDefault ?? "none") to \(newDefault ?? "none")")
                    }
                }
                if oldField.doc != field.doc { add(.doc, fieldPath, docChange(oldField.doc, field.doc)) }
                compare(oldField.type, field.type, path: fieldPath)
            }
        }

        /// Whether two unions' branches describe alike, pairwise in order, and the old ones are distinct (so each
        /// new branch pairs with the old branch at its own position, as the general path would pair them).
        static func sameBranchesInOrder(_ old: AvroSchema, _ a: [AvroNode.ID], _ new: AvroSchema, _ b: [AvroNode.ID]) -> Bool {
            guard a.count == b.count, a.count <= 4 else { return false }
            for index in a.indices {
                guard SchemaTypeDescription.surelySame(old, a[index], new, b[index]) else { return false }
                for earlier in 0..<index where SchemaTypeDescription.surelySame(old, a[earlier], old, a[index]) { return false }
            }
            return true
        }

        func describeFixed(_ f: AvroFixed) -> String { "\(f.name.fullName) (\(f.size) bytes)" }

        func docChange(_ old: String?, _ new: String?) -> String {
            switch (old, new) {
            case (nil, _): "doc added"
            case (_, nil): "doc removed"
            default: "doc changed"
            }
        }
    }
}
