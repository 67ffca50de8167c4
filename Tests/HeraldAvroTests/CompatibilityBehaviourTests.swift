import HeraldAvro
import Testing

/// Java's subtler behaviours: many findings in one pair, the enum-default quirk, aliases, recursion and memoisation.
@Suite struct CompatibilityBehaviourTests {
    func check(_ reader: String, _ writer: String) -> [String] {
        AvroCompatibility.check(reader: Fixture.schema(reader), writer: Fixture.schema(writer)).incompatibilities
            .map { "\($0.type.rawValue) \($0.message) @ \($0.location)" }
    }

    /// The shape of Java's `TestSchemaCompatibilityMultiple`: every kind of finding at once, nested, in Java's order.
    /// A namespace-only difference of a nested record yields nothing (short names match).
    @Test func everyFindingOfANestedPairInOrder() {
        let reader = """
        {"type": "record", "name": "Root", "fields": [
          {"name": "symbols_f", "type": {"type": "enum", "name": "SymbolsE", "symbols": ["A", "C"]}},
          {"name": "name_f", "type": {"type": "enum", "name": "NameE", "symbols": ["A", "B", "C", "D"]}},
          {"name": "type_f", "type": "string"},
          {"name": "sub", "type": {"type": "record", "name": "Sub", "fields": [
            {"name": "same", "type": "long", "default": 42},
            {"name": "extra", "type": "long"},
            {"name": "fixed_f", "type": {"type": "fixed", "name": "SizeF", "size": 4}},
            {"name": "union_f", "type": ["boolean"]},
            {"name": "reader_union_f", "type": ["boolean"]},
            {"name": "ns_f", "type": {"type": "record", "name": "Inner", "namespace": "other_ns", "fields": [
              {"name": "flag", "type": "boolean", "default": true},
              {"name": "list_f", "type": {"type": "array", "items": "string"}}
            ]}}
          ]}}
        ]}
        """
        let writer = """
        {"type": "record", "name": "Root", "fields": [
          {"name": "symbols_f", "type": {"type": "enum", "name": "SymbolsE", "symbols": ["A", "B", "C", "D"]}},
          {"name": "name_f", "type": {"type": "enum", "name": "NameE_RENAMED", "symbols": ["A", "B", "C", "D"]}},
          {"name": "type_f", "type": "long"},
          {"name": "sub", "type": {"type": "record", "name": "Sub", "fields": [
            {"name": "same", "type": "long", "default": 42},
            {"name": "fixed_f", "type": {"type": "fixed", "name": "SizeF", "size": 8}},
            {"name": "union_f", "type": ["boolean", "double", "string"]},
            {"name": "reader_union_f", "type": "long"},
            {"name": "ns_f", "type": {"type": "record", "name": "Inner", "namespace": "ns", "fields": [
              {"name": "flag", "type": "boolean", "default": true},
              {"name": "list_f", "type": {"type": "array", "items": "boolean"}}
            ]}}
          ]}}
        ]}
        """
        #expect(check(reader, writer) == [
            "MISSING_ENUM_SYMBOLS [B, D] @ /fields/0/type/symbols",
            "NAME_MISMATCH expected: NameE_RENAMED @ /fields/1/type/name",
            "TYPE_MISMATCH reader type: STRING not compatible with writer type: LONG @ /fields/2/type",
            "READER_FIELD_MISSING_DEFAULT_VALUE extra @ /fields/3/type/fields/1",
            "FIXED_SIZE_MISMATCH expected: 8, found: 4 @ /fields/3/type/fields/2/type/size",
            "MISSING_UNION_BRANCH reader union lacking writer type: DOUBLE @ /fields/3/type/fields/3/type/1",
            "MISSING_UNION_BRANCH reader union lacking writer type: STRING @ /fields/3/type/fields/3/type/2",
            "MISSING_UNION_BRANCH reader union lacking writer type: LONG @ /fields/3/type/fields/4/type",
            "TYPE_MISMATCH reader type: STRING not compatible with writer type: BOOLEAN @ /fields/3/type/fields/5/type/fields/1/type/items",
        ])
    }

    /// A missing enum field whose enum has a default is checked against the writer record itself (Java's quirk).
    @Test func enumDefaultQuirkOnAMissingField() {
        let reader = #"{"type": "record", "name": "Card", "fields": [{"name": "grade", "type": {"type": "enum", "name": "Grade", "symbols": ["A", "B"], "default": "A"}}, {"name": "n", "type": "int"}]}"#
        let writer = #"{"type": "record", "name": "Card", "fields": [{"name": "n", "type": "int"}]}"#
        #expect(check(reader, writer) == ["TYPE_MISMATCH reader type: ENUM not compatible with writer type: RECORD @ /fields/0/type"])
        let result = AvroCompatibility.check(reader: Fixture.schema(reader), writer: Fixture.schema(writer))
        #expect(result.incompatibilities.first?.hint.contains("add a default to field `grade`") == true)
        // With a field default the field is simply filled in.
        let withDefault = #"{"type": "record", "name": "Card", "fields": [{"name": "grade", "type": {"type": "enum", "name": "Grade", "symbols": ["A", "B"], "default": "A"}, "default": "B"}, {"name": "n", "type": "int"}]}"#
        #expect(check(withDefault, writer) == [])
    }

    @Test func enumDefaultCoversMissingSymbolsOnlyWhenItIsASymbol() {
        #expect(check(Fixture.gradeABDefaultA, Fixture.gradeABCDefaultA) == [])
        #expect(check(Fixture.suitAB, Fixture.suitABC) == ["MISSING_ENUM_SYMBOLS [C] @ /symbols"])
    }

    @Test func namedTypeAliases() {
        // A short alias is qualified with the type's namespace.
        let renamed = #"{"type": "record", "name": "New", "namespace": "ns", "aliases": ["Old"], "fields": []}"#
        #expect(check(renamed, #"{"type": "record", "name": "Old", "namespace": "ns", "fields": []}"#) == [])
        #expect(check(renamed, #"{"type": "record", "name": "Old", "namespace": "elsewhere", "fields": []}"#)
            == ["NAME_MISMATCH expected: elsewhere.Old @ /name"])
        let qualified = #"{"type": "enum", "name": "New", "namespace": "ns", "aliases": ["x.Old"], "symbols": ["A"]}"#
        #expect(check(qualified, #"{"type": "enum", "name": "x.Old", "symbols": ["A"]}"#) == [])
        // Writer aliases play no part.
        #expect(check(#"{"type": "fixed", "name": "New", "size": 2}"#, #"{"type": "fixed", "name": "Old", "aliases": ["New"], "size": 2}"#)
            == ["NAME_MISMATCH expected: Old @ /name"])
    }

    @Test func nameAndBodyAreBothChecked() {
        #expect(check(#"{"type": "fixed", "name": "New", "size": 2}"#, #"{"type": "fixed", "name": "Old", "size": 3}"#)
            == ["NAME_MISMATCH expected: Old @ /name", "FIXED_SIZE_MISMATCH expected: 3, found: 2 @ /size"])
    }

    @Test func fieldAliases() {
        let writer = Fixture.row(#"{"name": "old_name", "type": "int"}"#)
        #expect(check(Fixture.row(#"{"name": "new_name", "type": "long", "aliases": ["old_name"]}"#), writer) == [])
        #expect(check(Fixture.row(#"{"name": "new_name", "type": "string", "aliases": ["old_name"]}"#), writer)
            == ["TYPE_MISMATCH reader type: STRING not compatible with writer type: INT @ /fields/0/type"])
    }

    /// Java throws when a reader field matches several writer fields; Herald reports it as a finding.
    @Test func severalAliasMatchesAreReportedNotThrown() {
        let writer = Fixture.row(#"{"name": "a", "type": "int"}, {"name": "b", "type": "int"}"#)
        let reader = Fixture.row(#"{"name": "a", "type": "int", "aliases": ["b"]}"#)
        #expect(check(reader, writer) == ["READER_FIELD_MATCHES_MULTIPLE_WRITER_FIELDS Reader record field a matches multiple fields in writer record schema Row @ /fields/0"])
        let twoAliases = Fixture.row(#"{"name": "c", "type": "int", "aliases": ["a", "b"]}"#)
        #expect(check(twoAliases, writer).count == 1)
    }

    @Test func mutuallyRecursiveTypesTerminate() {
        func tree(_ value: String) -> String {
            #"{"type": "record", "name": "Tree", "fields": [{"name": "children", "type": {"type": "array", "items": {"type": "record", "name": "Node", "fields": [{"name": "tree", "type": "Tree"}, {"name": "next", "type": ["null", "Node"]}]}}}, {"name": "value", "type": "\#(value)"}]}"#
        }
        #expect(check(tree("long"), tree("int")) == [])
        #expect(check(tree("string"), tree("int")) == ["TYPE_MISMATCH reader type: STRING not compatible with writer type: INT @ /fields/1/type"])
    }

    /// A pair met a second time returns the findings of its first visit, with the first visit's location.
    @Test func memoisedPairsKeepTheirFirstLocation() {
        let reader = #"{"type": "record", "name": "Line", "fields": [{"name": "from", "type": {"type": "record", "name": "Point", "fields": [{"name": "v", "type": "int"}]}}, {"name": "to", "type": "Point"}]}"#
        let writer = #"{"type": "record", "name": "Line", "fields": [{"name": "from", "type": {"type": "record", "name": "Point", "fields": [{"name": "v", "type": "string"}]}}, {"name": "to", "type": "Point"}]}"#
        #expect(check(reader, writer) == [
            "TYPE_MISMATCH reader type: INT not compatible with writer type: STRING @ /fields/0/type/fields/0/type",
            "TYPE_MISMATCH reader type: INT not compatible with writer type: STRING @ /fields/0/type/fields/0/type",
        ])
    }

    /// Union sub-checks start from a fresh location stack but share the memo: a pair first met inside one keeps
    /// locations relative to `/`.
    @Test func unionSubChecksUseAFreshLocationStack() {
        let reader = #"{"type": "record", "name": "Pair", "fields": [{"name": "u", "type": ["null", {"type": "record", "name": "P", "fields": [{"name": "v", "type": "int"}]}]}, {"name": "p", "type": "P"}]}"#
        let writer = #"{"type": "record", "name": "Pair", "fields": [{"name": "u", "type": ["null", {"type": "record", "name": "P", "fields": [{"name": "v", "type": "string"}]}]}, {"name": "p", "type": "P"}]}"#
        #expect(check(reader, writer) == [
            "MISSING_UNION_BRANCH reader union lacking writer type: RECORD @ /fields/0/type/1",
            "TYPE_MISMATCH reader type: INT not compatible with writer type: STRING @ /fields/0/type",
        ])
    }

    @Test func findingsCarryNodesExplanationsAndHints() throws {
        let reader = Fixture.schema(Fixture.row(#"{"name": "one", "type": "int"}, {"name": "three", "type": "int"}"#))
        let writer = Fixture.schema(Fixture.row(#"{"name": "one", "type": "int"}"#))
        let result = AvroCompatibility.check(reader: reader, writer: writer, roles: .newReadsOld)
        let finding = try #require(result.incompatibilities.first)
        #expect(finding.readerNode == reader.root)
        #expect(finding.writerNode == writer.root)
        #expect(finding.readerFieldIndex == 1)
        #expect(finding.hint == "add a default to field `three`")
        #expect(finding.explanation.contains("new record `Row`"))
        let rename = AvroCompatibility.check(reader: Fixture.schema(#"{"type": "enum", "name": "a.New", "symbols": ["X"]}"#),
                                             writer: Fixture.schema(#"{"type": "enum", "name": "a.B", "symbols": ["X", "Y"]}"#), roles: .newReadsOld)
        #expect(rename.incompatibilities.map(\.hint) == [
            "add the old name `a.B` as an alias of `a.New`, or keep the name",
            "add an enum default to `a.New` or keep symbol Y",
        ])
        let nullable = AvroCompatibility.check(reader: Fixture.schema(Fixture.aIntDefault), writer: Fixture.schema(Fixture.aOptionalInt))
        #expect(nullable.incompatibilities.first?.hint == "make the reader type a union that includes \"null\"")
        let narrowing = AvroCompatibility.check(reader: Fixture.schema(Fixture.int), writer: Fixture.schema(Fixture.long))
        #expect(narrowing.incompatibilities.first?.hint == "keep the type `long` or change it to a type it promotes to (float, double)")
    }

    @Test func sharedMatchingRules() {
        #expect(SchemaMatching.isPromotion(writer: .int, reader: .double))
        #expect(SchemaMatching.isPromotion(writer: .bytes, reader: .string))
        #expect(!SchemaMatching.isPromotion(writer: .long, reader: .int))
        #expect(!SchemaMatching.isPromotion(writer: .int, reader: .int))
        #expect(SchemaMatching.namesMatch(reader: AvroName(fullName: "a.X"), readerAliases: [], writer: AvroName(fullName: "b.X")))
        #expect(SchemaMatching.namesMatch(reader: AvroName(fullName: "a.X"), readerAliases: ["b.Y"], writer: AvroName(fullName: "b.Y")))
        #expect(!SchemaMatching.namesMatch(reader: AvroName(fullName: "a.X"), readerAliases: ["a.Y"], writer: AvroName(fullName: "b.Y")))
    }
}
