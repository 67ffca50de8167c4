import HeraldAvro
import Testing

/// Schemas for the reader/writer compatibility cases. They restate, in Herald's own fixtures, the shapes the Apache
/// Avro reference suites (Java `TestSchemas`/`TestSchemaCompatibility*`, Python `test_compatibility.py`) exercise.
enum Fixture {
    /// Parses a schema text, failing the test on any diagnostic error.
    static func schema(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> AvroSchema {
        let result = AvroSchemaParser().parse(text, file: "fixture.avsc")
        guard let schema = result.schema else {
            Issue.record("fixture does not parse: \(result.diagnostics.map(\.message)) in \(text)", sourceLocation: sourceLocation)
            return AvroSchema(nodes: [AvroNode(type: .null)], root: 0, namedTypes: [:])
        }
        return schema
    }

    // Primitives.
    static let null = #""null""#
    static let boolean = #""boolean""#
    static let int = #""int""#
    static let long = #""long""#
    static let float = #""float""#
    static let double = #""double""#
    static let bytes = #""bytes""#
    static let string = #""string""#

    // Collections.
    static let intArray = #"{"type": "array", "items": "int"}"#
    static let longArray = #"{"type": "array", "items": "long"}"#
    static let stringArray = #"{"type": "array", "items": "string"}"#
    static let intMap = #"{"type": "map", "values": "int"}"#
    static let longMap = #"{"type": "map", "values": "long"}"#
    static let stringMap = #"{"type": "map", "values": "string"}"#

    // Enums.
    static let suitAB = #"{"type": "enum", "name": "Suit", "symbols": ["A", "B"]}"#
    static let suitABC = #"{"type": "enum", "name": "Suit", "symbols": ["A", "B", "C"]}"#
    static let suitBC = #"{"type": "enum", "name": "Suit", "symbols": ["B", "C"]}"#
    static let rankAB = #"{"type": "enum", "name": "Rank", "symbols": ["A", "B"]}"#
    static let gradeABCDefaultA = #"{"type": "enum", "name": "Grade", "symbols": ["A", "B", "C"], "default": "A"}"#
    static let gradeABDefaultA = #"{"type": "enum", "name": "Grade", "symbols": ["A", "B"], "default": "A"}"#

    static func holding(_ enumText: String, fieldDefault: String? = nil) -> String {
        let defaultPart = fieldDefault.map { #", "default": "\#($0)""# } ?? ""
        return #"{"type": "record", "name": "Card", "fields": [{"name": "grade", "type": \#(enumText)\#(defaultPart)}]}"#
    }

    static let gradeABCDefaultARecord = holding(gradeABCDefaultA)
    static let gradeABDefaultARecord = holding(gradeABDefaultA)
    static let gradeABCDefaultAFieldBRecord = holding(gradeABCDefaultA, fieldDefault: "B")
    static let gradeABDefaultBFieldARecord = holding(#"{"type": "enum", "name": "Grade", "symbols": ["A", "B"], "default": "B"}"#, fieldDefault: "A")

    // Unions.
    static let emptyUnion = "[]"
    static let nullUnion = #"["null"]"#
    static let intUnion = #"["int"]"#
    static let longUnion = #"["long"]"#
    static let floatUnion = #"["float"]"#
    static let doubleUnion = #"["double"]"#
    static let stringUnion = #"["string"]"#
    static let bytesUnion = #"["bytes"]"#
    static let intStringUnion = #"["int", "string"]"#
    static let stringIntUnion = #"["string", "int"]"#
    static let intFloatUnion = #"["int", "float"]"#
    static let intLongUnion = #"["int", "long"]"#
    static let intLongFloatDoubleUnion = #"["int", "long", "float", "double"]"#
    static let nullIntArrayUnion = #"["null", {"type": "array", "items": "int"}]"#
    static let nullIntMapUnion = #"["null", {"type": "map", "values": "int"}]"#

    // Records.
    static func row(_ fields: String, name: String = "Row") -> String {
        #"{"type": "record", "name": "\#(name)", "fields": [\#(fields)]}"#
    }

    static let emptyRow = row("")
    static let emptyOther = row("", name: "Other")
    static let aInt = row(#"{"name": "a", "type": "int"}"#)
    static let aLong = row(#"{"name": "a", "type": "long"}"#)
    static let aIntBInt = row(#"{"name": "a", "type": "int"}, {"name": "b", "type": "int"}"#)
    static let aIntDefault = row(#"{"name": "a", "type": "int", "default": 0}"#)
    static let aOptionalInt = row(#"{"name": "a", "type": ["null", "int"], "default": null}"#)
    static let aIntBIntDefault = row(#"{"name": "a", "type": "int"}, {"name": "b", "type": "int", "default": 0}"#)
    static let aIntDefaultBIntDefault = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": "int", "default": 0}"#)
    static let bFixed4 = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": {"type": "fixed", "name": "Digest", "size": 4}}"#)
    static let bFixed8 = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": {"type": "fixed", "name": "Digest", "size": 8}}"#)
    static let bIntStringUnion = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": ["int", "string"], "default": 0}"#)
    static let bIntUnion = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": ["int"], "default": 0}"#)
    static let bSuit = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": {"type": "enum", "name": "Suit", "symbols": ["A", "B"]}}"#)
    static let bRank = row(#"{"name": "a", "type": "int", "default": 0}, {"name": "b", "type": {"type": "enum", "name": "Rank", "symbols": ["A", "B"]}}"#)
    static let suitABRow = row(#"{"name": "suit", "type": \#(suitAB)}"#)
    static let suitABCRow = row(#"{"name": "suit", "type": \#(suitABC)}"#)

    // Fixed.
    static let digest4 = #"{"type": "fixed", "name": "Digest", "size": 4}"#
    static let digest8 = #"{"type": "fixed", "name": "Digest", "size": 8}"#
    static let hash4 = #"{"type": "fixed", "name": "Hash", "size": 4}"#

    // Namespaces.
    static func nested(namespace: String) -> String {
        row(#"{"name": "items", "type": ["null", {"type": "array", "items": {"type": "record", "name": "Line", "namespace": "\#(namespace)", "fields": [{"name": "a", "type": "int"}]}}]}"#)
    }

    static let nestedInNs1 = nested(namespace: "ns1")
    static let nestedInNs2 = nested(namespace: "ns2")
    static let plainNamed = #"{"type": "record", "name": "Entry", "fields": [{"name": "f1", "type": "int"}]}"#
    static let namespacedNamed = #"{"type": "record", "name": "ns.Entry", "fields": [{"name": "f1", "type": "int"}]}"#

    // Unions of an int and a named or complex type.
    static let intOrRow = #"["int", {"type": "record", "name": "Row", "fields": [{"name": "field1", "type": "int"}]}]"#
    static let intOrOther = #"["int", {"type": "record", "name": "Other", "fields": [{"name": "field1", "type": "int"}]}]"#
    static let intOrSuit = #"["int", \#(suitAB)]"#
    static let intOrDigest = #"["int", \#(digest4)]"#
    static let intOrBoolean = #"["int", "boolean"]"#
    static let intOrIntArray = #"["int", \#(intArray)]"#
    static let intOrIntMap = #"["int", \#(intMap)]"#
    static let intOrNull = #"["int", "null"]"#

    // Recursive lists.
    static func chain(_ head: String) -> String {
        #"{"type": "record", "name": "Chain", "fields": [{"name": "head", "type": "\#(head)"}, {"name": "tail", "type": ["null", "Chain"], "default": null}]}"#
    }

    static let intChain = chain("int")
    static let longChain = chain("long")
}
