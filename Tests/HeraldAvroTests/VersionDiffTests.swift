import HeraldAvro
import Testing

/// A version's changes with the verdict under a mode, each incompatibility placed on the change it is about.
@Suite struct VersionDiffTests {
    func versioned(_ version: Int, _ text: String) throws -> VersionedSchema {
        VersionedSchema(version: version, schema: try #require(AvroSchemaParser().parse(text, file: nil).schema))
    }

    @Test func breaksLandOnTheirChanges() throws {
        let v1 = try versioned(1, #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"u","type":["null","string","int"]},{"name":"xs","type":{"type":"array","items":{"type":"record","name":"X","fields":[{"name":"k","type":"string"}]}}}]}"#)
        let v2 = try versioned(2, #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"u","type":["null","string"]},{"name":"xs","type":{"type":"array","items":{"type":"record","name":"X","fields":[{"name":"k","type":"string"},{"name":"n","type":"int"}]}}}]}"#)
        let diff = VersionDiff.compare(older: v1, newer: v2, earlier: [v1], mode: .full)
        #expect(!diff.isCompatible)
        let lines = diff.changes.map { item in
            "\(item.change.path) \(item.isPromotion ? "promotion " : "")" + item.breaks.map { "\($0.type.rawValue)/\($0.direction.rawValue)" }.joined(separator: ",")
        }
        #expect(lines == [
            "a promotion TYPE_MISMATCH/forward",
            "u MISSING_UNION_BRANCH/backward",
            "xs[].n READER_FIELD_MISSING_DEFAULT_VALUE/backward",
        ])
        #expect(diff.otherBreaks.isEmpty)
    }

    @Test func noneModeChecksNothing() throws {
        let v1 = try versioned(1, #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#)
        let v2 = try versioned(2, #"{"type":"record","name":"R","fields":[{"name":"b","type":"string"}]}"#)
        let diff = VersionDiff.compare(older: v1, newer: v2, earlier: [v1], mode: .none)
        #expect(diff.isCompatible)
        #expect(diff.changes.map(\.change.kind) == [.removed, .added])
        #expect(diff.changes.allSatisfy { $0.isCompatible })
    }
}
