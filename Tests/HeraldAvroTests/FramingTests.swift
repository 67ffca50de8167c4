import Testing
@testable import HeraldAvro

@Suite struct FramingTests {
    @Test func confluentFrameRoundTrips() throws {
        let framed = ConfluentFrame.encode(schemaID: 0x0102_0304, body: [0x06, 0x66, 0x6f, 0x6f])
        #expect(framed == [0, 1, 2, 3, 4, 0x06, 0x66, 0x6f, 0x6f])
        let (id, body) = try ConfluentFrame.parse(framed)
        #expect(id == 0x0102_0304)
        #expect(Array(body) == [0x06, 0x66, 0x6f, 0x6f])
        #expect(throws: AvroFramingError.self) { try ConfluentFrame.parse([1, 0, 0, 0, 1] as [UInt8]) }
        #expect(throws: AvroFramingError.self) { try ConfluentFrame.parse([0, 0, 0] as [UInt8]) }
    }

    @Test func singleObjectFrameRoundTrips() throws {
        let framed = SingleObjectFrame.encode(fingerprint: 0x3df5_42a2_f8e1_2da9, body: [0x02])
        #expect(framed == [0xc3, 0x01, 0xa9, 0x2d, 0xe1, 0xf8, 0xa2, 0x42, 0xf5, 0x3d, 0x02])
        let (fingerprint, body) = try SingleObjectFrame.parse(framed)
        #expect(fingerprint == 0x3df5_42a2_f8e1_2da9)
        #expect(Array(body) == [0x02])
        #expect(throws: AvroFramingError("single-object marker is C3 00, expected C3 01")) {
            try SingleObjectFrame.parse([0xc3, 0x00, 0, 0, 0, 0, 0, 0, 0, 0] as [UInt8])
        }
    }
}
