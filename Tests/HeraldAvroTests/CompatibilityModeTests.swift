import HeraldAvro
import HeraldDiagnostics
import Testing

/// The registry's modes over version histories.
@Suite struct CompatibilityModeTests {
    typealias F = Fixture

    static func versions(_ texts: String...) -> [AvroSchema] { texts.map { F.schema($0) } }

    /// Fields of an `Order` record, as JSON field objects.
    static func order(_ fields: String) -> String {
        #"{"type": "record", "name": "Order", "namespace": "shop", "fields": [\#(fields)]}"#
    }

    static let id = #"{"name": "id", "type": "string"}"#
    static let v1 = order(id)
    static let withNote = order(id + #", {"name": "note", "type": "string", "default": ""}"#)
    static let withRequiredAmount = order(id + #", {"name": "amount", "type": "int"}"#)
    static let withCodeInt = order(id + #", {"name": "code", "type": "int"}"#)
    static let withCodeString = order(id + #", {"name": "code", "type": "string", "default": ""}"#)

    func summary(_ verdict: CompatibilityVerdict) -> [String] {
        verdict.failures.flatMap { failure in
            failure.incompatibilities.map { "v\(failure.newerVersion)/v\(failure.olderVersion) \(failure.direction.rawValue) \($0.type.rawValue) \($0.location)" }
        }
    }

    @Test func parsesModeNames() {
        #expect(CompatibilityMode(parsing: "backward_transitive") == .backwardTransitive)
        #expect(CompatibilityMode(parsing: "Full-Transitive") == .fullTransitive)
        #expect(CompatibilityMode(parsing: "NONE") == CompatibilityMode.none)
        #expect(CompatibilityMode(parsing: "sideways") == nil)
        #expect(CompatibilityMode.allCases.count == 7)
    }

    @Test func oneVersionAcceptsAnything() {
        for mode in CompatibilityMode.allCases {
            #expect(CompatibilityChecker.check(mode: mode, versions: Self.versions(F.int)).isCompatible)
        }
    }

    @Test func noneAcceptsAnyChange() {
        #expect(CompatibilityChecker.check(mode: .none, versions: Self.versions(F.int, F.aInt, F.string)).isCompatible)
    }

    @Test func addingAnOptionalFieldPassesEveryMode() {
        for mode in CompatibilityMode.allCases {
            #expect(CompatibilityChecker.check(mode: mode, versions: Self.versions(Self.v1, Self.withNote)).isCompatible, "\(mode)")
        }
    }

    @Test func addingARequiredFieldBreaksBackwardOnly() {
        let history = Self.versions(Self.v1, Self.withRequiredAmount)
        #expect(summary(CompatibilityChecker.check(mode: .backward, versions: history)) == ["v2/v1 backward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"])
        #expect(CompatibilityChecker.check(mode: .forward, versions: history).isCompatible)
        #expect(summary(CompatibilityChecker.check(mode: .full, versions: history)) == ["v2/v1 backward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"])
    }

    @Test func removingARequiredFieldBreaksForwardOnly() {
        let history = Self.versions(Self.withRequiredAmount, Self.v1)
        #expect(CompatibilityChecker.check(mode: .backward, versions: history).isCompatible)
        let forward = CompatibilityChecker.check(mode: .forward, versions: history)
        #expect(summary(forward) == ["v2/v1 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"])
        let description = forward.failures.first?.incompatibilities.first?.registryDescription(roles: CompatibilityDirection.forward.roles)
        #expect(description == "The field 'amount' at path '/fields/1' in the old schema has no default value and is missing in the new schema")
    }

    @Test func fullListsForwardProblemsBeforeBackwardOnes() {
        let history = Self.versions(Self.withCodeInt, Self.order(Self.id + #", {"name": "code", "type": "boolean"}"#))
        #expect(summary(CompatibilityChecker.check(mode: .full, versions: history)) == [
            "v2/v1 forward TYPE_MISMATCH /fields/1/type",
            "v2/v1 backward TYPE_MISMATCH /fields/1/type",
        ])
    }

    /// Non-transitive modes look at the latest version only; transitive ones at every earlier version.
    @Test func transitiveModesCheckEveryEarlierVersion() {
        let history = Self.versions(Self.withCodeInt, Self.v1, Self.withCodeString)
        #expect(CompatibilityChecker.check(mode: .backward, versions: history).isCompatible)
        #expect(summary(CompatibilityChecker.check(mode: .backwardTransitive, versions: history)) == ["v3/v1 backward TYPE_MISMATCH /fields/1/type"])
        #expect(CompatibilityChecker.check(mode: .forward, versions: history).isCompatible)
        #expect(summary(CompatibilityChecker.check(mode: .forwardTransitive, versions: history)) == ["v3/v1 forward TYPE_MISMATCH /fields/1/type"])
        #expect(CompatibilityChecker.check(mode: .full, versions: history).isCompatible)
        #expect(summary(CompatibilityChecker.check(mode: .fullTransitive, versions: history)) == [
            "v3/v1 forward TYPE_MISMATCH /fields/1/type",
            "v3/v1 backward TYPE_MISMATCH /fields/1/type",
        ])
    }

    /// The walk goes from newest to oldest and stops at the first failing version, returning only its errors.
    @Test func transitiveWalkStopsAtTheNewestFailingVersion() {
        let history = Self.versions(Self.withCodeInt, Self.withCodeInt, Self.order(Self.id + #", {"name": "code", "type": "string"}"#))
        #expect(summary(CompatibilityChecker.check(mode: .backwardTransitive, versions: history)) == ["v3/v2 backward TYPE_MISMATCH /fields/1/type"])
    }

    @Test func historyReplaysEveryStep() {
        let history = Self.versions(Self.v1, Self.withNote, Self.withRequiredAmount, Self.withCodeString)
        let steps = CompatibilityChecker.checkHistory(mode: .backward, versions: history)
        #expect(steps.map(\.newerVersion) == [2, 3, 4])
        #expect(steps.map(\.isCompatible) == [true, false, true])
        #expect(summary(steps[1]) == ["v3/v2 backward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"])
        let transitive = CompatibilityChecker.checkHistory(mode: .forwardTransitive, versions: history)
        #expect(transitive.map(\.isCompatible) == [true, true, false])
        #expect(summary(transitive[2]) == ["v4/v3 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"])
        #expect(CompatibilityChecker.checkHistory(mode: .full, versions: Self.versions(Self.v1)).isEmpty)
    }

    @Test func diagnosticsPointIntoTheNewerFile() throws {
        let older = AvroSchemaParser().parse(Self.v1, file: "order/v1.avsc").schema
        let newerText = """
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
          {"name": "id", "type": "string"},
          {"name": "amount", "type": "int"}
        ]}
        """
        let newer = AvroSchemaParser().parse(newerText, file: "order/v2.avsc").schema
        let old = try #require(older), new = try #require(newer)
        let verdict = CompatibilityChecker.check(mode: .backward, new: VersionedSchema(version: 2, schema: new), previous: [VersionedSchema(version: 1, schema: old)])
        let diagnostics = verdict.diagnostics(schemas: [1: old, 2: new], files: [1: "order/v1.avsc", 2: "order/v2.avsc"], event: "shop.order.placed")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.rule == "READER_FIELD_MISSING_DEFAULT_VALUE")
        #expect(diagnostic.category == .compatibility)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "The field 'amount' at path '/fields/1' in the new schema has no default value and is missing in the old schema (v2 against v1, backward)")
        #expect(diagnostic.hint == "add a default to field `amount`")
        #expect(diagnostic.pointer == "/fields/1")
        #expect(diagnostic.event == "shop.order.placed")
        #expect(diagnostic.location?.file == "order/v2.avsc")
        #expect(diagnostic.location?.line == 3)

        // Forward: the newer schema is the writer; the finding points at its node.
        let forward = CompatibilityChecker.check(mode: .forward, new: VersionedSchema(version: 2, schema: old), previous: [VersionedSchema(version: 1, schema: new)])
        let forwardDiagnostic = try #require(forward.diagnostics(schemas: [1: new, 2: old], files: [2: "order/v1.avsc"]).first)
        #expect(forwardDiagnostic.location?.file == "order/v1.avsc")
        #expect(forwardDiagnostic.message.hasPrefix("The field 'amount' at path '/fields/1' in the old schema has no default value and is missing in the new schema"))
    }

    @Test func registryErrorStrings() throws {
        let verdict = CompatibilityChecker.check(mode: .backward, versions: Self.versions(Self.withCodeInt, Self.order(Self.id + #", {"name": "code", "type": "string"}"#)))
        let finding = try #require(verdict.failures.first?.incompatibilities.first)
        #expect(finding.registryError(roles: .newReadsOld)
            == "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/1/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: STRING not compatible with writer type: INT'}")
    }
}
