import HeraldAvro
import Testing

/// One reader/writer case: the expected incompatibilities as (type, Java message, Java location), in Java's order.
struct ReaderWriterCase: CustomTestStringConvertible, Sendable {
    var name: String
    var reader: String
    var writer: String
    var expected: [(IncompatibilityType, String, String)]

    init(_ name: String, reader: String, writer: String, _ expected: [(IncompatibilityType, String, String)] = []) {
        self.name = name
        self.reader = reader
        self.writer = writer
        self.expected = expected
    }

    var testDescription: String { name }
}

/// The Apache Avro reference cases (Java `TestSchemaCompatibility*`, Python `test_compatibility.py`), restated with
/// Herald's fixtures; verdicts, types, messages and locations follow the Java checker.
enum ReferenceCases {
    typealias F = Fixture

    static func compatible(_ name: String, _ reader: String, _ writer: String) -> ReaderWriterCase {
        ReaderWriterCase(name, reader: reader, writer: writer)
    }

    /// Pairs the Java and Python suites list as compatible.
    static let compatiblePairs: [ReaderWriterCase] = [
        compatible("boolean reads boolean", F.boolean, F.boolean),
        compatible("int reads int", F.int, F.int),
        compatible("long reads int", F.long, F.int),
        compatible("long reads long", F.long, F.long),
        compatible("float reads int", F.float, F.int),
        compatible("float reads long", F.float, F.long),
        compatible("double reads long", F.double, F.long),
        compatible("double reads int", F.double, F.int),
        compatible("double reads float", F.double, F.float),
        compatible("string reads string", F.string, F.string),
        compatible("bytes reads bytes", F.bytes, F.bytes),
        compatible("string reads bytes", F.string, F.bytes),
        compatible("bytes reads string", F.bytes, F.string),
        compatible("int array reads int array", F.intArray, F.intArray),
        compatible("long array reads int array", F.longArray, F.intArray),
        compatible("int map reads int map", F.intMap, F.intMap),
        compatible("long map reads int map", F.longMap, F.intMap),
        compatible("enum AB reads AB", F.suitAB, F.suitAB),
        compatible("enum ABC reads AB", F.suitABC, F.suitAB),
        compatible("empty union reads empty union", F.emptyUnion, F.emptyUnion),
        compatible("float union reads empty union", F.floatUnion, F.emptyUnion),
        compatible("float union reads int union", F.floatUnion, F.intUnion),
        compatible("float union reads long union", F.floatUnion, F.longUnion),
        compatible("float union reads int|long union", F.floatUnion, F.intLongUnion),
        compatible("int union reads int union", F.intUnion, F.intUnion),
        compatible("int|string reads string|int", F.intStringUnion, F.stringIntUnion),
        compatible("int union reads empty union", F.intUnion, F.emptyUnion),
        compatible("long union reads empty union", F.longUnion, F.emptyUnion),
        compatible("long union reads int union", F.longUnion, F.intUnion),
        compatible("double union reads int union", F.doubleUnion, F.intUnion),
        compatible("double union reads long union", F.doubleUnion, F.longUnion),
        compatible("double union reads float union", F.doubleUnion, F.floatUnion),
        compatible("string union reads empty union", F.stringUnion, F.emptyUnion),
        compatible("string union reads bytes union", F.stringUnion, F.bytesUnion),
        compatible("bytes union reads empty union", F.bytesUnion, F.emptyUnion),
        compatible("bytes union reads string union", F.bytesUnion, F.stringUnion),
        compatible("double union reads int|float union", F.doubleUnion, F.intFloatUnion),
        compatible("float reads every branch of int|float", F.float, F.intFloatUnion),
        compatible("long reads every branch of int|long", F.long, F.intLongUnion),
        compatible("double reads every branch of int|float", F.double, F.intFloatUnion),
        compatible("double reads every branch of int|long|float|double", F.double, F.intLongFloatDoubleUnion),
        compatible("float reads singleton float union", F.float, F.floatUnion),
        compatible("singleton int union reads int", F.intUnion, F.int),
        compatible("int reads singleton int union", F.int, F.intUnion),
        compatible("null union reads null", F.nullUnion, F.null),
        compatible("null|array reads array", F.nullIntArrayUnion, F.intArray),
        compatible("null|map reads map", F.nullIntMapUnion, F.intMap),
        compatible("fixed reads same fixed", F.digest4, F.digest4),
        compatible("empty record reads empty record", F.emptyRow, F.emptyRow),
        compatible("empty record reads record with a field", F.emptyRow, F.aInt),
        compatible("record reads same record", F.aInt, F.aInt),
        compatible("field with default reads field", F.aIntDefault, F.aInt),
        compatible("field with default reads field with default", F.aIntDefault, F.aIntDefault),
        compatible("field reads field with default", F.aInt, F.aIntDefault),
        compatible("long field reads int field", F.aLong, F.aInt),
        compatible("fewer fields read more fields", F.aInt, F.aIntBInt),
        compatible("defaulted field reads record with more fields", F.aIntDefault, F.aIntBInt),
        compatible("new field with default", F.aIntBIntDefault, F.aInt),
        compatible("all defaults read empty record", F.aIntDefaultBIntDefault, F.emptyRow),
        compatible("all defaults read one field", F.aIntDefaultBIntDefault, F.aInt),
        compatible("fields read defaulted fields", F.aIntBInt, F.aIntDefaultBIntDefault),
        compatible("recursive int list reads itself", F.intChain, F.intChain),
        compatible("recursive long list reads itself", F.longChain, F.longChain),
        compatible("recursive long list reads int list", F.longChain, F.intChain),
        compatible("null reads null", F.null, F.null),
        compatible("null in object form reads null", #"{"type": "null"}"#, #"{"type": "null"}"#),
        compatible("enum default covers a missing symbol", F.gradeABDefaultARecord, F.gradeABCDefaultARecord),
        compatible("enum default covers a missing symbol despite field defaults", F.gradeABDefaultBFieldARecord, F.gradeABCDefaultAFieldBRecord),
        compatible("namespace of a nested record differs", F.nestedInNs1, F.nestedInNs2),
        compatible("reader without namespace reads namespaced record", F.plainNamed, F.namespacedNamed),
        compatible("namespaced reader reads record without namespace", F.namespacedNamed, F.plainNamed),
        compatible("record reader omits a writer field", F.row(#"{"name": "one", "type": "int"}"#), F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#)),
        compatible("record reader omits the first writer field", F.row(#"{"name": "two", "type": "string"}"#), F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#)),
        compatible("record reader with all writer fields", F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#), F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#)),
        compatible("new reader field with default", F.row(#"{"name": "one", "type": "int"}, {"name": "three", "type": "int", "default": 42}"#), F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#)),
        compatible("string array reads string array", F.stringArray, F.stringArray),
        compatible("string reads string (object form)", #"{"type": "string"}"#, #"{"type": "string"}"#),
        compatible("field alias finds the writer field", #"{"type": "record", "name": "Pair", "fields": [{"name": "bar", "type": "int", "aliases": ["f1"]}]}"#,
                   #"{"type": "record", "name": "Pair", "fields": [{"name": "f1", "type": "int"}, {"name": "f2", "type": "string"}]}"#),
        compatible("record alias names the writer record", #"{"type": "record", "name": "Renamed", "aliases": ["Pair"], "fields": [{"name": "f1", "type": "int"}]}"#,
                   #"{"type": "record", "name": "Pair", "fields": [{"name": "f1", "type": "int"}, {"name": "f2", "type": "string"}]}"#),
        compatible("logical types are not compared", #"{"type": "long", "logicalType": "timestamp-micros"}"#, #"{"type": "long", "logicalType": "timestamp-millis"}"#),
        compatible("decimal precision is not compared", #"{"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}"#, #"{"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 1}"#),
    ]

    /// Pairs with exactly the listed incompatibilities.
    static let incompatiblePairs: [ReaderWriterCase] = [
        // FIXED_SIZE_MISMATCH
        ReaderWriterCase("fixed 4 reads fixed 8", reader: F.digest4, writer: F.digest8, [(.fixedSizeMismatch, "expected: 8, found: 4", "/size")]),
        ReaderWriterCase("fixed 8 reads fixed 4", reader: F.digest8, writer: F.digest4, [(.fixedSizeMismatch, "expected: 4, found: 8", "/size")]),
        ReaderWriterCase("fixed field 8 reads 4", reader: F.bFixed8, writer: F.bFixed4, [(.fixedSizeMismatch, "expected: 4, found: 8", "/fields/1/type/size")]),
        ReaderWriterCase("fixed field 4 reads 8", reader: F.bFixed4, writer: F.bFixed8, [(.fixedSizeMismatch, "expected: 8, found: 4", "/fields/1/type/size")]),
        // MISSING_ENUM_SYMBOLS
        ReaderWriterCase("enum AB reads ABC", reader: F.suitAB, writer: F.suitABC, [(.missingEnumSymbols, "[C]", "/symbols")]),
        ReaderWriterCase("enum BC reads ABC", reader: F.suitBC, writer: F.suitABC, [(.missingEnumSymbols, "[A]", "/symbols")]),
        ReaderWriterCase("enum field AB reads ABC", reader: F.suitABRow, writer: F.suitABCRow, [(.missingEnumSymbols, "[C]", "/fields/0/type/symbols")]),
        ReaderWriterCase("missing symbols are sorted", reader: #"{"type": "enum", "name": "Suit", "symbols": ["C"]}"#,
                         writer: #"{"type": "enum", "name": "Suit", "symbols": ["Z", "C", "B", "a"]}"#, [(.missingEnumSymbols, "[B, Z, a]", "/symbols")]),
        // MISSING_UNION_BRANCH
        ReaderWriterCase("int union reads int|string", reader: F.intUnion, writer: F.intStringUnion, [(.missingUnionBranch, "reader union lacking writer type: STRING", "/1")]),
        ReaderWriterCase("string union reads int|string", reader: F.stringUnion, writer: F.intStringUnion, [(.missingUnionBranch, "reader union lacking writer type: INT", "/0")]),
        ReaderWriterCase("int union reads int|record", reader: F.intUnion, writer: F.intOrRow, [(.missingUnionBranch, "reader union lacking writer type: RECORD", "/1")]),
        ReaderWriterCase("int union reads int|other record", reader: F.intUnion, writer: F.intOrOther, [(.missingUnionBranch, "reader union lacking writer type: RECORD", "/1")]),
        ReaderWriterCase("int|record reads int|other record", reader: F.intOrRow, writer: F.intOrOther, [(.missingUnionBranch, "reader union lacking writer type: RECORD", "/1")]),
        ReaderWriterCase("int union reads int|enum", reader: F.intUnion, writer: F.intOrSuit, [(.missingUnionBranch, "reader union lacking writer type: ENUM", "/1")]),
        ReaderWriterCase("int union reads int|fixed", reader: F.intUnion, writer: F.intOrDigest, [(.missingUnionBranch, "reader union lacking writer type: FIXED", "/1")]),
        ReaderWriterCase("int union reads int|boolean", reader: F.intUnion, writer: F.intOrBoolean, [(.missingUnionBranch, "reader union lacking writer type: BOOLEAN", "/1")]),
        ReaderWriterCase("int union reads long union", reader: F.intUnion, writer: F.longUnion, [(.missingUnionBranch, "reader union lacking writer type: LONG", "/0")]),
        ReaderWriterCase("int union reads float union", reader: F.intUnion, writer: F.floatUnion, [(.missingUnionBranch, "reader union lacking writer type: FLOAT", "/0")]),
        ReaderWriterCase("int union reads double union", reader: F.intUnion, writer: F.doubleUnion, [(.missingUnionBranch, "reader union lacking writer type: DOUBLE", "/0")]),
        ReaderWriterCase("int union reads bytes union", reader: F.intUnion, writer: F.bytesUnion, [(.missingUnionBranch, "reader union lacking writer type: BYTES", "/0")]),
        ReaderWriterCase("int union reads int|array", reader: F.intUnion, writer: F.intOrIntArray, [(.missingUnionBranch, "reader union lacking writer type: ARRAY", "/1")]),
        ReaderWriterCase("int union reads int|map", reader: F.intUnion, writer: F.intOrIntMap, [(.missingUnionBranch, "reader union lacking writer type: MAP", "/1")]),
        ReaderWriterCase("int union reads int|null", reader: F.intUnion, writer: F.intOrNull, [(.missingUnionBranch, "reader union lacking writer type: NULL", "/1")]),
        ReaderWriterCase("int union reads int|long|float|double", reader: F.intUnion, writer: F.intLongFloatDoubleUnion, [
            (.missingUnionBranch, "reader union lacking writer type: LONG", "/1"),
            (.missingUnionBranch, "reader union lacking writer type: FLOAT", "/2"),
            (.missingUnionBranch, "reader union lacking writer type: DOUBLE", "/3"),
        ]),
        ReaderWriterCase("union field lacks a writer branch", reader: F.bIntUnion, writer: F.bIntStringUnion, [(.missingUnionBranch, "reader union lacking writer type: STRING", "/fields/1/type/1")]),
        ReaderWriterCase("int|string reads int|string|long", reader: F.intStringUnion, writer: #"["int", "string", "long"]"#, [(.missingUnionBranch, "reader union lacking writer type: LONG", "/2")]),
        ReaderWriterCase("union reads a type none of its branches reads", reader: F.intStringUnion, writer: F.boolean, [(.missingUnionBranch, "reader union lacking writer type: BOOLEAN", "/")]),
        // NAME_MISMATCH
        ReaderWriterCase("enum renamed", reader: F.suitAB, writer: F.rankAB, [(.nameMismatch, "expected: Rank", "/name")]),
        ReaderWriterCase("record renamed", reader: F.emptyOther, writer: F.emptyRow, [(.nameMismatch, "expected: Row", "/name")]),
        ReaderWriterCase("fixed renamed", reader: F.digest4, writer: F.hash4, [(.nameMismatch, "expected: Hash", "/name")]),
        ReaderWriterCase("enum field renamed", reader: F.bSuit, writer: F.bRank, [(.nameMismatch, "expected: Rank", "/fields/1/type/name")]),
        // READER_FIELD_MISSING_DEFAULT_VALUE
        ReaderWriterCase("field missing from an empty writer", reader: F.aInt, writer: F.emptyRow, [(.readerFieldMissingDefaultValue, "a", "/fields/0")]),
        ReaderWriterCase("first field missing, second defaulted", reader: F.aIntBIntDefault, writer: F.emptyRow, [(.readerFieldMissingDefaultValue, "a", "/fields/0")]),
        ReaderWriterCase("new field without default", reader: F.row(#"{"name": "one", "type": "int"}, {"name": "three", "type": "int"}"#),
                         writer: F.row(#"{"name": "one", "type": "int"}, {"name": "two", "type": "string"}"#), [(.readerFieldMissingDefaultValue, "three", "/fields/1")]),
        // TYPE_MISMATCH
        ReaderWriterCase("null reads int", reader: F.null, writer: F.int, [(.typeMismatch, "reader type: NULL not compatible with writer type: INT", "/")]),
        ReaderWriterCase("null reads long", reader: F.null, writer: F.long, [(.typeMismatch, "reader type: NULL not compatible with writer type: LONG", "/")]),
        ReaderWriterCase("boolean reads int", reader: F.boolean, writer: F.int, [(.typeMismatch, "reader type: BOOLEAN not compatible with writer type: INT", "/")]),
        ReaderWriterCase("int reads null", reader: F.int, writer: F.null, [(.typeMismatch, "reader type: INT not compatible with writer type: NULL", "/")]),
        ReaderWriterCase("int reads boolean", reader: F.int, writer: F.boolean, [(.typeMismatch, "reader type: INT not compatible with writer type: BOOLEAN", "/")]),
        ReaderWriterCase("int reads long", reader: F.int, writer: F.long, [(.typeMismatch, "reader type: INT not compatible with writer type: LONG", "/")]),
        ReaderWriterCase("int reads float", reader: F.int, writer: F.float, [(.typeMismatch, "reader type: INT not compatible with writer type: FLOAT", "/")]),
        ReaderWriterCase("int reads double", reader: F.int, writer: F.double, [(.typeMismatch, "reader type: INT not compatible with writer type: DOUBLE", "/")]),
        ReaderWriterCase("long reads float", reader: F.long, writer: F.float, [(.typeMismatch, "reader type: LONG not compatible with writer type: FLOAT", "/")]),
        ReaderWriterCase("long reads double", reader: F.long, writer: F.double, [(.typeMismatch, "reader type: LONG not compatible with writer type: DOUBLE", "/")]),
        ReaderWriterCase("float reads double", reader: F.float, writer: F.double, [(.typeMismatch, "reader type: FLOAT not compatible with writer type: DOUBLE", "/")]),
        ReaderWriterCase("double reads string", reader: F.double, writer: F.string, [(.typeMismatch, "reader type: DOUBLE not compatible with writer type: STRING", "/")]),
        ReaderWriterCase("fixed reads string", reader: F.digest4, writer: F.string, [(.typeMismatch, "reader type: FIXED not compatible with writer type: STRING", "/")]),
        ReaderWriterCase("string reads boolean", reader: F.string, writer: F.boolean, [(.typeMismatch, "reader type: STRING not compatible with writer type: BOOLEAN", "/")]),
        ReaderWriterCase("string reads int", reader: F.string, writer: F.int, [(.typeMismatch, "reader type: STRING not compatible with writer type: INT", "/")]),
        ReaderWriterCase("bytes reads null", reader: F.bytes, writer: F.null, [(.typeMismatch, "reader type: BYTES not compatible with writer type: NULL", "/")]),
        ReaderWriterCase("bytes reads int", reader: F.bytes, writer: F.int, [(.typeMismatch, "reader type: BYTES not compatible with writer type: INT", "/")]),
        ReaderWriterCase("record reads int", reader: F.aInt, writer: F.int, [(.typeMismatch, "reader type: RECORD not compatible with writer type: INT", "/")]),
        ReaderWriterCase("int array reads long array", reader: F.intArray, writer: F.longArray, [(.typeMismatch, "reader type: INT not compatible with writer type: LONG", "/items")]),
        ReaderWriterCase("map reads array", reader: F.intMap, writer: F.intArray, [(.typeMismatch, "reader type: MAP not compatible with writer type: ARRAY", "/")]),
        ReaderWriterCase("array reads map", reader: F.intArray, writer: F.intMap, [(.typeMismatch, "reader type: ARRAY not compatible with writer type: MAP", "/")]),
        ReaderWriterCase("int map reads long map", reader: F.intMap, writer: F.longMap, [(.typeMismatch, "reader type: INT not compatible with writer type: LONG", "/values")]),
        ReaderWriterCase("int reads enum", reader: F.int, writer: F.rankAB, [(.typeMismatch, "reader type: INT not compatible with writer type: ENUM", "/")]),
        ReaderWriterCase("enum reads int", reader: F.rankAB, writer: F.int, [(.typeMismatch, "reader type: ENUM not compatible with writer type: INT", "/")]),
        ReaderWriterCase("float reads int|long|float|double", reader: F.float, writer: F.intLongFloatDoubleUnion, [(.typeMismatch, "reader type: FLOAT not compatible with writer type: DOUBLE", "/3")]),
        ReaderWriterCase("long reads int|float", reader: F.long, writer: F.intFloatUnion, [(.typeMismatch, "reader type: LONG not compatible with writer type: FLOAT", "/1")]),
        ReaderWriterCase("int reads int|float", reader: F.int, writer: F.intFloatUnion, [(.typeMismatch, "reader type: INT not compatible with writer type: FLOAT", "/1")]),
        ReaderWriterCase("int reads int|string", reader: F.int, writer: F.intStringUnion, [(.typeMismatch, "reader type: INT not compatible with writer type: STRING", "/1")]),
        ReaderWriterCase("required field reads optional field", reader: F.aIntDefault, writer: F.aOptionalInt, [(.typeMismatch, "reader type: INT not compatible with writer type: NULL", "/fields/0/type/0")]),
        ReaderWriterCase("recursive int list reads long list", reader: F.intChain, writer: F.longChain, [(.typeMismatch, "reader type: INT not compatible with writer type: LONG", "/fields/0/type")]),
        ReaderWriterCase("map reads array of strings", reader: F.stringMap, writer: F.stringArray, [(.typeMismatch, "reader type: MAP not compatible with writer type: ARRAY", "/")]),
        ReaderWriterCase("int reads string", reader: F.int, writer: F.string, [(.typeMismatch, "reader type: INT not compatible with writer type: STRING", "/")]),
        ReaderWriterCase("enum is not read as string", reader: F.string, writer: F.suitAB, [(.typeMismatch, "reader type: STRING not compatible with writer type: ENUM", "/")]),
        ReaderWriterCase("boolean is not a number", reader: F.double, writer: F.boolean, [(.typeMismatch, "reader type: DOUBLE not compatible with writer type: BOOLEAN", "/")]),
    ]
}

@Suite struct CompatibilityReferenceTests {
    static func run(_ testCase: ReaderWriterCase) {
        let reader = Fixture.schema(testCase.reader), writer = Fixture.schema(testCase.writer)
        let result = AvroCompatibility.check(reader: reader, writer: writer)
        let actual = result.incompatibilities.map { "\($0.type.rawValue) \($0.message) @ \($0.location)" }
        let expected = testCase.expected.map { "\($0.0.rawValue) \($0.1) @ \($0.2)" }
        #expect(actual == expected, "\(testCase.name)")
        #expect(result.isCompatible == testCase.expected.isEmpty)
    }

    @Test(arguments: ReferenceCases.compatiblePairs)
    func compatible(_ testCase: ReaderWriterCase) { Self.run(testCase) }

    @Test(arguments: ReferenceCases.incompatiblePairs)
    func incompatible(_ testCase: ReaderWriterCase) { Self.run(testCase) }
}
