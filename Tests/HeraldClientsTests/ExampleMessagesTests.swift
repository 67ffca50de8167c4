import HeraldAvro
import HeraldCatalog
import Testing
@testable import HeraldClients

/// A seeded generator, so trace IDs in tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ExampleMessagesTests {
    static func prepared() throws -> (messages: [PreparedExample], skipped: [String]) {
        let catalog = try Fixtures.catalog()
        let ids = SchemaIDs(snapshot: Fixtures.registered(PushPlanner().plan(catalog), firstID: 100))
        var random = SplitMix64(state: 7)
        let messages = ExampleMessages(catalog: catalog)
        return messages.prepare(messages.events(named: []).events, ids: ids, random: &random)
    }

    @Test func validExamplesAreFramedKeyedAndTraced() throws {
        let (messages, skipped) = try Self.prepared()
        #expect(skipped.isEmpty)
        let text = messages.map { message in
            let value = message.record.value ?? []
            return "\(message.file) v\(message.version) id \(message.valueSchemaID) topic \(message.record.topic) key \(message.keyDescription) "
                + "frame \(value.prefix(5).map(String.init).joined(separator: ",")) traceparent \(message.traceparent)"
        }.joined(separator: "\n") + "\n"
        try Fixtures.compare(text, golden: "example-messages.txt")
    }

    @Test func valuesDecodeBackToTheExamples() throws {
        let catalog = try Fixtures.catalog()
        let (messages, _) = try Self.prepared()
        let placed = try #require(messages.first { $0.file.hasSuffix("examples/placed.json") })
        let event = try #require(catalog.event(named: "order.placed"))
        let schema = try #require(event.latest?.schema)
        let (id, body) = try ConfluentFrame.parse(placed.record.value ?? [])
        #expect(id == UInt32(placed.valueSchemaID))
        let value = try AvroBinaryDecoder(schema: schema).decode(Array(body))
        let expected = try AvroJSONReader(schema: schema).read(try #require(event.examples.first { $0.kind == .latest }?.document))
        #expect(value == expected)
        #expect(placed.record.key == Array("7d1f6a52-3a0e-4f8e-9c1b-0d2f4b6a8e10".utf8))
    }

    @Test func keySchemasAreFilledFromTheExample() throws {
        let (messages, _) = try Self.prepared()
        let consent = try #require(messages.first { $0.event == "customer.consent.changed" })
        let key = try #require(consent.record.key)
        #expect(key.prefix(5) == [0, 0, 0, 0, 103])
        // customerId "C-42", purpose "newsletter": zigzag lengths then the bytes.
        #expect(Array(key.dropFirst(5)) == [8] + Array("C-42".utf8) + [20] + Array("newsletter".utf8))
    }

    @Test func unregisteredVersionsAreSkippedWithTheReason() throws {
        let catalog = try Fixtures.catalog()
        var random = SplitMix64(state: 1)
        let messages = ExampleMessages(catalog: catalog)
        let (sent, skipped) = messages.prepare(messages.events(named: ["order.placed"]).events, ids: SchemaIDs(), random: &random)
        #expect(sent.isEmpty)
        #expect(skipped.count == 2)
        #expect(skipped.allSatisfy { $0.contains("is not registered under orders.placed-value") })
        #expect(messages.events(named: ["nope"]).unknown == ["nope"])
    }
}
