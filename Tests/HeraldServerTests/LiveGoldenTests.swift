import Foundation
import HeraldAvro
import HeraldRegistry
import HeraldTestSupport
import Testing
@testable import HeraldServer

/// What the live layer emits for fixed records, byte for byte: the panel's lists and the records API's JSON.
@Suite struct LiveGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The example framed with the latest registered ID, as a Confluent serializer would write it.
    func framedExample(_ fixture: LiveFixture) throws -> [UInt8] {
        let latest = try fixture.registry.read { state throws(RegistryError) in try state.schema(subject: "vehicle.configured-value", version: .latest) }
        let schema = latest.schema.parsed
        let datum = try AvroJSONReader(schema: schema).read(JSONParser().parse(try fixture.example("vehicle.configured", "aurora-ev-web-cash.json")))
        return ConfluentFrame.encode(schemaID: UInt32(latest.schema.id), body: try AvroBinaryEncoder(schema: schema).encode(datum))
    }

    @Test func panelAndRecordsJSON() throws {
        var fixture = try LiveFixture()
        let value = try framedExample(fixture)
        try fixture.produce(topic: "vehicle.configured", partition: 2, key: Array("9d05d6ac-6658-5832-adec-538256ec11ac".utf8), value: value,
                            headers: [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")])
        fixture.now += 1_500
        try fixture.produce(topic: "vehicle.configured", partition: 2, key: nil, value: Array(value.dropLast()))
        fixture.now += 1_500
        try fixture.produce(topic: "vehicle.configured.dlq", key: Array("k".utf8), value: value,
                            headers: [("herald.error", "record 0: $.eventId is empty"), ("herald.error.rule", "PRODUCE_ID_FIELD_MISSING"),
                                      ("herald.original.topic", "vehicle.configured"), ("herald.original.partition", "2")])
        let event = try #require(fixture.layer.catalog.events["vehicle.configured"])
        try Golden.check(LivePanel.data(event, layer: fixture.layer), against: Self.folder.appendingPathComponent("vehicle.configured.panel.html"))
        let records = try #require(fixture.layer.records(topic: "vehicle.configured"))
        let json = JSONWriter(style: .pretty).write(.array(records.map(LiveJSON.record))) + "\n"
        try Golden.check(json, against: Self.folder.appendingPathComponent("vehicle.configured.records.json"))
    }
}
