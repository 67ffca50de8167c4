import Foundation
import HeraldDiagnostics
import Testing
@testable import HeraldAvro

/// Parses and returns the result; helpers keep the tests to one line each.
func parseSchema(_ text: String, known: NamedTypeSet = NamedTypeSet()) -> AvroParseResult {
    AvroSchemaParser().parse(text, file: "test.avsc", knownTypes: known)
}

func rules(_ text: String) -> [String] { parseSchema(text).diagnostics.map(\.rule) }

func canonical(_ text: String) -> String? { parseSchema(text).schema?.canonicalForm }

@Suite struct AvroSchemaParserTests {
    // MARK: primitives and shapes

    @Test func primitivesInBothForms() throws {
        for name in ["null", "boolean", "int", "long", "float", "double", "bytes", "string"] {
            #expect(canonical("\"\(name)\"") == "\"\(name)\"")
            #expect(canonical("{\"type\": \"\(name)\"}") == "\"\(name)\"")
        }
        let schema = try #require(parseSchema(#"{"type":"string","connect.name":"x","avro.java.string":"String"}"#).schema)
        #expect(schema.rootNode.properties.keys == ["connect.name", "avro.java.string"])
    }

    @Test func notASchema() {
        #expect(rules("12") == ["AVRO_INVALID_SCHEMA"])
        #expect(rules("{}") == ["AVRO_INVALID_SCHEMA"])
        #expect(rules(#"{"type":{"type":"int"}}"#) == ["AVRO_INVALID_SCHEMA"])
        #expect(rules(#""record""#) == ["AVRO_INVALID_SCHEMA"])
        #expect(rules(#"{"type":"panther"}"#) == ["AVRO_UNKNOWN_TYPE"])
        #expect(rules("{") == ["JSON_SYNTAX"])
    }

    @Test func recordsFieldsAndAttributes() throws {
        let text = #"""
        {"type":"record","name":"Order","namespace":"com.example","doc":"An order.","aliases":["OldOrder","legacy.Order"],
         "x-owner":"team","fields":[
           {"name":"id","type":"string","doc":"The id.","aliases":["orderId"],"order":"descending","x-pii":true},
           {"name":"total","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2},"default":"\u0000"}
         ]}
        """#
        let schema = try #require(parseSchema(text).schema)
        guard case .record(let record) = schema.rootNode.type else { Issue.record("not a record"); return }
        #expect(record.name.fullName == "com.example.Order")
        #expect(record.aliases == ["com.example.OldOrder", "legacy.Order"])
        #expect(record.doc == "An order.")
        #expect(record.fields.map(\.name) == ["id", "total"])
        #expect(record.fields[0].aliases == ["orderId"])
        #expect(record.fields[0].order == .descending)
        #expect(record.fields[0].properties["x-pii"] == .bool(true))
        #expect(record.fields[1].defaultValue == .string("\u{0}"))
        #expect(schema.nodes[record.fields[1].type].logicalType == .decimal(precision: 10, scale: 2))
        #expect(schema.nodes[record.fields[1].type].properties.isEmpty)
        #expect(schema.rootNode.properties["x-owner"] == .string("team"))
        #expect(schema.namedTypes["com.example.Order"] == schema.root)
    }

    @Test func recordErrors() {
        #expect(rules(#"{"type":"record","name":"R"}"#) == ["AVRO_MISSING_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","fields":[]}"#) == ["AVRO_MISSING_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","name":"R","fields":{}}"#) == ["AVRO_INVALID_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}"#) == ["AVRO_DUPLICATE_FIELD"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"type":"int"},{"name":"b"}]}"#) == ["AVRO_MISSING_ATTRIBUTE", "AVRO_MISSING_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]}"#) == ["AVRO_INVALID_NAME"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","order":"up"}]}"#) == ["AVRO_INVALID_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","name":"R","doc":1,"aliases":"x","fields":[]}"#) == ["AVRO_INVALID_ATTRIBUTE", "AVRO_INVALID_ATTRIBUTE"])
        #expect(rules(#"{"type":"record","name":"R","fields":[]}"#) == [])
        #expect(canonical(#"{"type":"error","name":"E","fields":[]}"#) == #"{"name":"E","type":"record","fields":[]}"#)
    }

    @Test func reportsAllErrorsNotJustTheFirst() {
        let found = rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":"nope"},{"name":"b","type":{"type":"fixed","name":"F","size":-1}},{"name":"c","type":["int","int"]}]}"#)
        #expect(found == ["AVRO_INVALID_FIXED_SIZE", "AVRO_DUPLICATE_UNION_BRANCH", "AVRO_UNKNOWN_TYPE"])
    }

    // MARK: enums and fixed

    @Test func enums() throws {
        let schema = try #require(parseSchema(#"{"type":"enum","name":"Color","symbols":["RED","GREEN"],"default":"RED"}"#).schema)
        guard case .enumeration(let e) = schema.rootNode.type else { Issue.record("not an enum"); return }
        #expect(e.symbols == ["RED", "GREEN"])
        #expect(e.defaultSymbol == "RED")
        #expect(rules(#"{"type":"enum","name":"C","symbols":["A","A"]}"#) == ["AVRO_INVALID_ENUM_SYMBOL"])
        #expect(rules(#"{"type":"enum","name":"C","symbols":["1A"]}"#) == ["AVRO_INVALID_ENUM_SYMBOL"])
        #expect(rules(#"{"type":"enum","name":"C","symbols":["A"],"default":"B"}"#) == ["AVRO_INVALID_ENUM_DEFAULT"])
        #expect(rules(#"{"type":"enum","name":"C","symbols":"A"}"#) == ["AVRO_INVALID_ATTRIBUTE"])
        #expect(rules(#"{"type":"enum","name":"C"}"#) == ["AVRO_MISSING_ATTRIBUTE"])
        #expect(rules(#"{"type":"enum","name":"2d2","symbols":["A"]}"#) == ["AVRO_INVALID_NAME"])
    }

    @Test func fixedSizes() {
        #expect(canonical(#"{"type":"fixed","name":"F","size":0}"#) == #"{"name":"F","type":"fixed","size":0}"#)
        for bad in ["-1", "1.5", "\"16\"", "1e2", "3000000000"] {
            #expect(rules("{\"type\":\"fixed\",\"name\":\"F\",\"size\":\(bad)}") == ["AVRO_INVALID_FIXED_SIZE"], "size \(bad)")
        }
        #expect(rules(#"{"type":"fixed","name":"F"}"#) == ["AVRO_MISSING_ATTRIBUTE"])
    }

    // MARK: unions

    @Test func unions() {
        #expect(canonical(#"["null","string",{"type":"array","items":"int"},{"type":"map","values":"int"}]"#) != nil)
        #expect(rules(#"["null",["int"]]"#) == ["AVRO_NESTED_UNION"])
        #expect(rules(#"["int","int"]"#) == ["AVRO_DUPLICATE_UNION_BRANCH"])
        #expect(rules(#"["long",{"type":"long","logicalType":"timestamp-millis"}]"#) == ["AVRO_DUPLICATE_UNION_BRANCH"])
        #expect(rules(#"[{"type":"array","items":"int"},{"type":"array","items":"long"}]"#) == ["AVRO_DUPLICATE_UNION_BRANCH"])
        #expect(rules(#"[{"type":"fixed","name":"A","size":1},{"type":"fixed","name":"B","size":1}]"#) == [])
        #expect(rules(#"[{"type":"fixed","name":"A","size":1},"A"]"#) == ["AVRO_DUPLICATE_UNION_BRANCH"])
        #expect(rules("[]") == [])
    }

    // MARK: names and namespaces

    @Test func namespaceRules() throws {
        // Dotted names ignore the namespace attribute; nested types inherit the enclosing namespace.
        #expect(canonical(#"{"type":"fixed","name":"a.b.F","namespace":"x","size":1}"#) == #"{"name":"a.b.F","type":"fixed","size":1}"#)
        #expect(canonical(#"{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":{"type":"enum","name":"E","symbols":["A"]}},{"name":"g","type":"E"},{"name":"h","type":"n.E"}]}"#)
            == #"{"name":"n.R","type":"record","fields":[{"name":"f","type":{"name":"n.E","type":"enum","symbols":["A"]}},{"name":"g","type":"n.E"},{"name":"h","type":"n.E"}]}"#)
        // A dotted record name gives its fields that namespace.
        #expect(canonical(#"{"type":"record","name":"a.R","namespace":"zzz","fields":[{"name":"f","type":{"type":"fixed","name":"F","size":1}}]}"#)
            == #"{"name":"a.R","type":"record","fields":[{"name":"f","type":{"name":"a.F","type":"fixed","size":1}}]}"#)
        // "namespace": "" resets to the null namespace, and a bare reference from the null namespace finds it.
        #expect(canonical(#"{"type":"record","name":"R","fields":[{"name":"s","type":{"type":"record","namespace":"x","name":"Y","fields":[{"name":"e","type":{"type":"record","namespace":"","name":"Z","fields":[]}}]}},{"name":"t","type":"Z"}]}"#)
            == #"{"name":"R","type":"record","fields":[{"name":"s","type":{"name":"x.Y","type":"record","fields":[{"name":"e","type":{"name":"Z","type":"record","fields":[]}}]}},{"name":"t","type":"Z"}]}"#)
        // Inside namespace x, a short name also finds a null-namespace type (as Java's lookup does).
        #expect(canonical(#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"record","name":"x.S","fields":[{"name":"c","type":"F"}]}}]}"#) != nil)
        #expect(rules(#"{"type":"record","name":"R","namespace":"a..b","fields":[]}"#) == ["AVRO_INVALID_NAME"])
        #expect(rules(#"{"type":"record","name":"a.1b.R","fields":[]}"#) == ["AVRO_INVALID_NAME"])
        #expect(rules(#"{"type":"record","name":"","fields":[]}"#) == ["AVRO_INVALID_NAME"])
        #expect(rules(#"{"type":"record","name":"R","namespace":5,"fields":[]}"#) == ["AVRO_INVALID_ATTRIBUTE"])
    }

    @Test func referencesMustFollowDefinitions() {
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":"F"},{"name":"b","type":{"type":"fixed","name":"F","size":1}}]}"#)
            == ["AVRO_REFERENCE_BEFORE_DEFINITION"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":"Nope"}]}"#) == ["AVRO_UNKNOWN_TYPE"])
        // Recursion through the record's own name is fine.
        #expect(canonical(#"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}"#)
            == #"{"name":"Node","type":"record","fields":[{"name":"next","type":["null","Node"]}]}"#)
    }

    @Test func redefinitions() {
        #expect(rules(#"[{"type":"fixed","name":"F","size":1},{"type":"fixed","name":"F","size":1}]"#) == ["AVRO_NAME_REDEFINED"])
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"record","name":"R","fields":[]}}]}"#) == ["AVRO_NAME_REDEFINED"])
        #expect(rules(#"{"type":"fixed","name":"int","size":1}"#) == ["AVRO_PRIMITIVE_NAME_REDEFINED"])
        #expect(rules(#"{"type":"enum","name":"string","namespace":"x","symbols":["A"]}"#) == ["AVRO_PRIMITIVE_NAME_REDEFINED"])
        // Same short name in two namespaces is two types.
        #expect(rules(#"[{"type":"fixed","name":"a.F","size":1},{"type":"fixed","name":"b.F","size":1}]"#) == [])
    }

    @Test func referenceInObjectForm() {
        #expect(canonical(#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"F"}}]}"#)
            == #"{"name":"R","type":"record","fields":[{"name":"a","type":{"name":"F","type":"fixed","size":1}},{"name":"b","type":"F"}]}"#)
    }

    // MARK: defaults

    @Test(arguments: [
        (#""null""#, "null", true), (#""null""#, "0", false),
        (#""boolean""#, "true", true), (#""boolean""#, "\"true\"", false),
        (#""int""#, "1", true), (#""int""#, "2147483647", true), (#""int""#, "2147483648", false), (#""int""#, "1.5", false), (#""int""#, "1.0", false),
        (#""long""#, "9223372036854775807", true), (#""long""#, "9223372036854775808", false),
        (#""float""#, "1.5", true), (#""double""#, "1", true), (#""double""#, "\"NaN\"", false),
        (#""string""#, "\"x\"", true), (#""string""#, "null", false),
        (#""bytes""#, "\"\\u00ff\"", true), (#""bytes""#, "\"\\u0100\"", false),
        (#"{"type":"fixed","name":"F","size":2}"#, "\"ab\"", true), (#"{"type":"fixed","name":"F","size":2}"#, "\"a\"", false),
        (#"{"type":"enum","name":"E","symbols":["A"]}"#, "\"A\"", true), (#"{"type":"enum","name":"E","symbols":["A"]}"#, "\"B\"", false),
        (#"{"type":"array","items":"int"}"#, "[1,2]", true), (#"{"type":"array","items":"int"}"#, "[1,\"x\"]", false),
        (#"{"type":"map","values":"int"}"#, "{\"a\":1}", true), (#"{"type":"map","values":"int"}"#, "[]", false),
        (#"{"type":"record","name":"S","fields":[{"name":"x","type":"int"},{"name":"y","type":"int","default":0}]}"#, "{\"x\":1}", true),
        (#"{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]}"#, "{}", false),
        (#"["null","string"]"#, "null", true), (#"["null","string"]"#, "1", false),
        (#"{"type":"long","logicalType":"timestamp-millis"}"#, "0", true),
    ])
    func defaultValues(type: String, value: String, valid: Bool) {
        let found = rules("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\(type),\"default\":\(value)}]}")
        #expect(found == (valid ? [] : ["AVRO_INVALID_DEFAULT"]), "\(type) default \(value)")
    }

    @Test func invalidDefaultNamesTheFieldAndValueWithPosition() throws {
        let result = parseSchema("{\"type\":\"record\",\"name\":\"R\",\"fields\":[\n  {\"name\":\"count\",\"type\":\"int\",\"default\":\"ten\"}]}")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.schema == nil)
        #expect(diagnostic.rule == "AVRO_INVALID_DEFAULT")
        #expect(diagnostic.message == "invalid default for field 'count': \"ten\" is not a valid int")
        #expect(diagnostic.location == SourceLocation(file: "test.avsc", line: 2, column: 42))
        #expect(diagnostic.pointer == "/fields/0/default")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.category == .schema)
    }

    @Test func unionDefaultInLaterBranchWarns() throws {
        let result = parseSchema(#"{"type":"record","name":"R","fields":[{"name":"f","type":["null","string"],"default":"x"}]}"#)
        #expect(result.schema != nil)
        #expect(result.diagnostics.map(\.rule) == ["AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(rules(#"{"type":"record","name":"R","fields":[{"name":"f","type":["string","null"],"default":"x"}]}"#) == [])
    }

    @Test func defaultsOfRecursiveTypes() {
        #expect(rules(#"{"type":"record","name":"N","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","N"],"default":null},{"name":"kids","type":{"type":"array","items":"N"},"default":[{"v":1,"kids":[]}]}]}"#) == [])
    }

    @Test func deeplyNestedUnionDefaultsStayBounded() {
        // R_i has a field whose union holds R_0 … R_i: checking a deep invalid default would try exponentially many branches.
        var records: [String] = []
        for i in 0..<8 {
            let branches = (0...i).map { "\"R\($0)\"" }.joined(separator: ",")
            records.append("{\"name\":\"r\(i)\",\"type\":{\"type\":\"record\",\"name\":\"R\(i)\",\"fields\":[{\"name\":\"f\",\"type\":[\"null\",\(branches)]}]}}")
        }
        let deep = String(repeating: "{\"f\":", count: 40) + "5" + String(repeating: "}", count: 40)
        records.append("{\"name\":\"x\",\"type\":\"R7\",\"default\":\(deep)}")
        let result = parseSchema("{\"type\":\"record\",\"name\":\"W\",\"fields\":[\(records.joined(separator: ","))]}")
        // Either verdict is acceptable once the budget runs out; what matters is that parsing returns.
        #expect(result.diagnostics.allSatisfy { $0.rule == "AVRO_INVALID_DEFAULT" })
    }

    @Test func defaultValidationCanBeTurnedOff() {
        let result = AvroSchemaParser(options: .init(validateDefaults: false))
            .parse(#"{"type":"record","name":"R","fields":[{"name":"f","type":"int","default":"x"}]}"#, file: nil)
        #expect(result.schema != nil)
    }

    // MARK: logical types

    @Test(arguments: [
        (#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#, LogicalType?.some(.decimal(precision: 4, scale: 2))),
        (#"{"type":"bytes","logicalType":"decimal","precision":4}"#, .decimal(precision: 4, scale: 0)),
        (#"{"type":"fixed","name":"D","size":8,"logicalType":"decimal","precision":18}"#, .decimal(precision: 18, scale: 0)),
        (#"{"type":"bytes","logicalType":"big-decimal"}"#, .bigDecimal),
        (#"{"type":"string","logicalType":"uuid"}"#, .uuid),
        (#"{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}"#, .uuid),
        (#"{"type":"int","logicalType":"date"}"#, .date),
        (#"{"type":"int","logicalType":"time-millis"}"#, .timeMillis),
        (#"{"type":"long","logicalType":"time-micros"}"#, .timeMicros),
        (#"{"type":"long","logicalType":"timestamp-millis"}"#, .timestampMillis),
        (#"{"type":"long","logicalType":"timestamp-micros"}"#, .timestampMicros),
        (#"{"type":"long","logicalType":"timestamp-nanos"}"#, .timestampNanos),
        (#"{"type":"long","logicalType":"local-timestamp-millis"}"#, .localTimestampMillis),
        (#"{"type":"long","logicalType":"local-timestamp-micros"}"#, .localTimestampMicros),
        (#"{"type":"long","logicalType":"local-timestamp-nanos"}"#, .localTimestampNanos),
        (#"{"type":"fixed","name":"Du","size":12,"logicalType":"duration"}"#, .duration),
    ])
    func validLogicalTypes(text: String, expected: LogicalType?) throws {
        let result = parseSchema(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.schema?.rootNode.logicalType == expected)
        #expect(result.schema?.rootNode.properties.isEmpty == true)
    }

    @Test(arguments: [
        #"{"type":"bytes","logicalType":"decimal"}"#,
        #"{"type":"bytes","logicalType":"decimal","precision":0}"#,
        #"{"type":"bytes","logicalType":"decimal","precision":2,"scale":3}"#,
        #"{"type":"bytes","logicalType":"decimal","precision":2,"scale":-1}"#,
        #"{"type":"bytes","logicalType":"decimal","precision":2.5}"#,
        #"{"type":"fixed","name":"D","size":8,"logicalType":"decimal","precision":19}"#,
        #"{"type":"fixed","name":"D","size":0,"logicalType":"decimal","precision":1}"#,
        #"{"type":"string","logicalType":"decimal","precision":2}"#,
        #"{"type":"fixed","name":"B","size":4,"logicalType":"big-decimal"}"#,
        #"{"type":"fixed","name":"U","size":15,"logicalType":"uuid"}"#,
        #"{"type":"bytes","logicalType":"uuid"}"#,
        #"{"type":"long","logicalType":"date"}"#,
        #"{"type":"long","logicalType":"time-millis"}"#,
        #"{"type":"int","logicalType":"time-micros"}"#,
        #"{"type":"int","logicalType":"timestamp-millis"}"#,
        #"{"type":"fixed","name":"Du","size":16,"logicalType":"duration"}"#,
        #"{"type":"long","logicalType":7}"#,
    ])
    func invalidLogicalTypesAreIgnoredWithAWarning(text: String) throws {
        let result = parseSchema(text)
        let schema = try #require(result.schema)
        #expect(schema.rootNode.logicalType == nil)
        #expect(result.diagnostics.map(\.rule) == ["AVRO_INVALID_LOGICAL_TYPE"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(schema.rootNode.properties["logicalType"] != nil)
    }

    @Test func unknownLogicalTypeWarns() throws {
        let result = parseSchema(#"{"type":"string","logicalType":"iso-datetime"}"#)
        #expect(result.schema?.rootNode.logicalType == nil)
        #expect(result.diagnostics.map(\.rule) == ["AVRO_UNKNOWN_LOGICAL_TYPE"])
        // Logical types never reach the canonical form.
        #expect(canonical(#"{"type":"long","logicalType":"timestamp-millis"}"#) == #""long""#)
    }

    @Test func decimalPrecisionBoundPerFixedSize() {
        #expect(AvroSchemaBuilder.maxDecimalPrecision(fixedSize: 1) == 2)
        #expect(AvroSchemaBuilder.maxDecimalPrecision(fixedSize: 4) == 9)
        #expect(AvroSchemaBuilder.maxDecimalPrecision(fixedSize: 8) == 18)
        #expect(AvroSchemaBuilder.maxDecimalPrecision(fixedSize: 16) == 38)
        #expect(AvroSchemaBuilder.maxDecimalPrecision(fixedSize: 0) == -1)
    }

    // MARK: positions and pointers

    @Test func sourcesOnNodesAndFields() throws {
        let text = "{\"type\": \"record\", \"name\": \"R\",\n \"fields\": [\n  {\"name\": \"a\", \"type\": \"int\"},\n  {\"name\": \"b\", \"type\": {\"type\": \"array\", \"items\": [\"null\", \"R\"]}}\n]}"
        let schema = try #require(parseSchema(text).schema)
        guard case .record(let record) = schema.rootNode.type else { Issue.record("not .record: \(schema.rootNode.type)"); return }
        #expect(schema.rootNode.source == SchemaSource(location: SourceLocation(file: "test.avsc", line: 1, column: 1), pointer: ""))
        #expect(record.fields[0].source?.pointer == "/fields/0")
        #expect(record.fields[0].source?.location == SourceLocation(file: "test.avsc", line: 3, column: 3))
        #expect(schema.nodes[record.fields[0].type].source?.pointer == "/fields/0/type")
        #expect(schema.nodes[record.fields[0].type].source?.location.column == 25)
        let array = schema.nodes[record.fields[1].type]
        #expect(array.source?.pointer == "/fields/1/type")
        guard case .array(let items) = array.type else { Issue.record("not .array: \(array.type)"); return }
        #expect(schema.nodes[items].source?.pointer == "/fields/1/type/items")
        guard case .union(let branches) = schema.nodes[items].type else { Issue.record("not .union: \(schema.nodes[items].type)"); return }
        #expect(schema.nodes[branches[0]].source?.pointer == "/fields/1/type/items/0")
        #expect(branches[1] == schema.root)
    }

    @Test func diagnosticsCarryPositionAndPointer() throws {
        let text = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[\n {\"name\":\"a\",\"type\":\"int\"},\n {\"name\":\"b\",\"type\":{\"type\":\"map\",\"values\":\"Missing\"}}]}"
        let diagnostic = try #require(parseSchema(text).diagnostics.first)
        #expect(diagnostic.rule == "AVRO_UNKNOWN_TYPE")
        #expect(diagnostic.message == "unknown type \"Missing\"")
        #expect(diagnostic.location == SourceLocation(file: "test.avsc", line: 3, column: 44))
        #expect(diagnostic.pointer == "/fields/1/type/values")
        let syntax = try #require(parseSchema("{\n\"type\": \"int\",\n}").diagnostics.first)
        #expect(syntax.rule == "JSON_SYNTAX")
        #expect(syntax.category == .syntax)
        #expect(syntax.location == SourceLocation(file: "test.avsc", line: 3, column: 1))
    }

    // MARK: robustness

    @Test func everyPrefixAndMutationNeverCrashes() {
        let text = #"{"type":"record","name":"a.R","doc":"é","fields":[{"name":"x","type":["null",{"type":"enum","name":"E","symbols":["A","B"],"default":"A"}],"default":null},{"name":"m","type":{"type":"map","values":{"type":"fixed","name":"F","size":4,"logicalType":"decimal","precision":9}}},{"name":"r","type":{"type":"array","items":"R"}}]}"#
        #expect(parseSchema(text).schema != nil)
        let bytes = Array(text.utf8)
        for n in 0..<bytes.count {
            let prefix = String(decoding: bytes[0..<n], as: UTF8.self)
            let result = parseSchema(prefix)
            #expect(result.schema == nil || n == 0)
        }
        // Each single-byte deletion: must return a result (either a schema or diagnostics), never trap.
        for i in 0..<bytes.count {
            var mutated = bytes
            mutated.remove(at: i)
            let result = parseSchema(String(decoding: mutated, as: UTF8.self))
            #expect(result.schema != nil || result.diagnostics.hasErrors)
        }
    }

    @Test func ruleCatalogIsConsistent() throws {
        let ids = AvroSchemaRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in AvroSchemaRules.all {
            #expect(rule.id.allSatisfy { $0.isUppercase || $0 == "_" })
            #expect(rule.category == (rule.id == "JSON_SYNTAX" ? .syntax : .schema))
        }
        // The docs' rule table lists every rule.
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/avro-schemas.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for rule in AvroSchemaRules.all { #expect(text.contains("| `\(rule.id)` | \(rule.severity.rawValue) |"), "\(rule.id) missing from docs") }
    }

    @Test func nonStringNameMessageUsesTheRightArticle() {
        let enumName = parseSchema(#"{"type":"enum","name":1,"symbols":["A"]}"#).diagnostics.map(\.message)
        #expect(enumName.contains("the \"name\" of an enum must be a string"), "\(enumName)")
        let recordName = parseSchema(#"{"type":"record","name":1,"fields":[]}"#).diagnostics.map(\.message)
        #expect(recordName.contains("the \"name\" of a record must be a string"), "\(recordName)")
    }
}
