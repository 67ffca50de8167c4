import Testing
@testable import HeraldAvro

@Suite struct AvroModelTests {
    @Test func fullNamesSplitIntoNamespaceAndName() {
        let name = AvroName(fullName: "com.example.common.Money")
        #expect(name.name == "Money")
        #expect(name.namespace == "com.example.common")
        #expect(name.fullName == "com.example.common.Money")
        #expect(AvroName(name: "X", namespace: "").fullName == "X")
        #expect(AvroName(name: "X", namespace: "").namespace == nil)
    }

    @Test func numbersKeepTheirLiteral() {
        #expect(JSONNumber(text: "12").isIntegerLiteral)
        #expect(JSONNumber(text: "12").int64 == 12)
        #expect(!JSONNumber(text: "1.5").isIntegerLiteral)
        #expect(JSONNumber(text: "1.5").int64 == nil)
        #expect(JSONNumber(text: "2.0").int64 == 2)
        #expect(JSONNumber(text: "99999999999999999999").int64 == nil)
    }

    @Test func objectsKeepOrderAndReplaceInPlace() {
        var object = JSONObject([("b", .null), ("a", .bool(true))])
        object.set("b", .string("x"))
        object.set("c", .null)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == .string("x"))
    }
}
