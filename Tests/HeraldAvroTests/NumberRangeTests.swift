import Testing
@testable import HeraldAvro

@Suite struct NumberRangeTests {
    private func problems(_ schema: String, _ json: String) throws -> [DatumProblem] {
        let parsed = AvroSchemaParser().parse(schema, file: "s.avsc")
        let schema = try #require(parsed.schema)
        let node = try JSONParser().parse(json)
        return AvroValidator.validate(node, against: schema, encoding: .plain)
    }

    @Test func literalsBeyondTheDoubleRangeAreRejected() throws {
        let double = try problems(#""double""#, "1e400")
        #expect(double.map(\.kind) == [.outOfRange])
        #expect(double.first?.message.contains("outside the double range") == true)
        let float = try problems(#""float""#, "-1e400")
        #expect(float.map(\.kind) == [.outOfRange])
        #expect(try problems(#""float""#, "1e39").map(\.kind) == [.outOfRange])
    }

    @Test func namedNonFiniteValuesAndLargeFiniteOnesAreAccepted() throws {
        #expect(try problems(#""double""#, #""Infinity""#).isEmpty)
        #expect(try problems(#""double""#, "1.7e308").isEmpty)
        #expect(try problems(#""float""#, "3.4e38").isEmpty)
    }
}
