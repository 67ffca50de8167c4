/// A schema version of a subject or catalog event: its number and the parsed schema.
public struct VersionedSchema: Sendable, Hashable {
    /// The version number (`N` of `vN.avsc`, or the registry version).
    public var version: Int
    /// The parsed schema of that version.
    public var schema: AvroSchema

    public init(version: Int, schema: AvroSchema) {
        self.version = version
        self.schema = schema
    }
}

/// One failed check between two versions in one direction.
public struct CompatibilityFailure: Sendable, Hashable {
    /// The version being added (the newer one).
    public var newerVersion: Int
    /// The earlier version it was checked against.
    public var olderVersion: Int
    /// Which of the two read and which wrote.
    public var direction: CompatibilityDirection
    /// The incompatibilities, in Java's order.
    public var incompatibilities: [Incompatibility]

    public init(newerVersion: Int, olderVersion: Int, direction: CompatibilityDirection, incompatibilities: [Incompatibility]) {
        self.newerVersion = newerVersion
        self.olderVersion = olderVersion
        self.direction = direction
        self.incompatibilities = incompatibilities
    }
}

/// The registry's answer for adding one version under a mode.
public struct CompatibilityVerdict: Sendable, Hashable {
    /// The mode applied.
    public var mode: CompatibilityMode
    /// The version that was checked.
    public var newerVersion: Int
    /// Failed checks in the registry's order (FULL: forward before backward); empty when compatible.
    public var failures: [CompatibilityFailure]

    public init(mode: CompatibilityMode, newerVersion: Int, failures: [CompatibilityFailure]) {
        self.mode = mode
        self.newerVersion = newerVersion
        self.failures = failures
    }

    /// True when the registry would accept the new version.
    public var isCompatible: Bool { failures.isEmpty }
}

/// Confluent Schema Registry's compatibility policy over a subject's versions.
public enum CompatibilityChecker {
    /// The registry's check of `new` against `previous` (oldest first): non-transitive modes compare with the latest
    /// only; transitive modes walk from newest to oldest and stop at the first failing version, returning only its
    /// errors. With no previous version, anything is accepted.
    public static func check(mode: CompatibilityMode, new: VersionedSchema, previous: [VersionedSchema]) -> CompatibilityVerdict {
        var layouts = [CompatibilitySchema?](repeating: nil, count: previous.count + 1)
        return check(mode: mode, at: previous.count, of: previous + [new], layouts: &layouts)
    }

    /// `check` of `versions[index]` against the versions before it. Layouts are made on first use and kept in
    /// `layouts` (one slot per version), so a history replay lays out each version once, not once per comparison.
    static func check(mode: CompatibilityMode, at index: Int, of versions: [VersionedSchema], layouts: inout [CompatibilitySchema?]) -> CompatibilityVerdict {
        let new = versions[index]
        let candidates: [Int] = mode.isTransitive ? Array((0..<index).reversed()) : index > 0 ? [index - 1] : []
        if candidates.isEmpty || mode.directions.isEmpty {
            return CompatibilityVerdict(mode: mode, newerVersion: new.version, failures: [])
        }
        func layout(_ position: Int) -> CompatibilitySchema {
            if let made = layouts[position] { return made }
            let made = CompatibilitySchema(versions[position].schema)
            layouts[position] = made
            return made
        }
        let newLayout = layout(index)
        for candidate in candidates {
            let older = versions[candidate]
            let olderLayout = layout(candidate)
            var failures: [CompatibilityFailure] = []
            for direction in mode.directions {
                let result = switch direction {
                case .backward: AvroCompatibility.check(reader: newLayout, writer: olderLayout, roles: direction.roles)
                case .forward: AvroCompatibility.check(reader: olderLayout, writer: newLayout, roles: direction.roles)
                }
                if !result.isCompatible {
                    failures.append(CompatibilityFailure(
                        newerVersion: new.version, olderVersion: older.version, direction: direction,
                        incompatibilities: result.incompatibilities))
                }
            }
            if !failures.isEmpty { return CompatibilityVerdict(mode: mode, newerVersion: new.version, failures: failures) }
        }
        return CompatibilityVerdict(mode: mode, newerVersion: new.version, failures: [])
    }

    /// `check` with the last of `versions` (ordered oldest to newest, numbered from 1) as the new schema.
    public static func check(mode: CompatibilityMode, versions: [AvroSchema]) -> CompatibilityVerdict {
        let numbered = versions.enumerated().map { VersionedSchema(version: $0.offset + 1, schema: $0.element) }
        guard let new = numbered.last else { return CompatibilityVerdict(mode: mode, newerVersion: 0, failures: []) }
        return check(mode: mode, new: new, previous: Array(numbered.dropLast()))
    }

    /// Replays a whole history as the registry would have seen it: every version from the second on is checked as if
    /// it were being registered after the ones before it. Returns one verdict per step, v2 first.
    public static func checkHistory(mode: CompatibilityMode, versions: [VersionedSchema]) -> [CompatibilityVerdict] {
        guard versions.count > 1 else { return [] }
        var layouts = [CompatibilitySchema?](repeating: nil, count: versions.count)
        return (1..<versions.count).map { k in
            check(mode: mode, at: k, of: versions, layouts: &layouts)
        }
    }

    /// `checkHistory` for versions numbered from 1.
    public static func checkHistory(mode: CompatibilityMode, versions: [AvroSchema]) -> [CompatibilityVerdict] {
        checkHistory(mode: mode, versions: versions.enumerated().map { VersionedSchema(version: $0.offset + 1, schema: $0.element) })
    }
}
