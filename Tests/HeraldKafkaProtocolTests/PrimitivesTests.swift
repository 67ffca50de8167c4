import NIOCore
import Testing
@testable import HeraldKafkaProtocol

@Suite struct PrimitivesTests {
    @Test func unsignedVarintsMatchTheSpecification() throws {
        let cases: [(UInt32, String)] = [(0, "00"), (1, "01"), (127, "7f"), (128, "8001"), (300, "ac02"),
                                         (16384, "808001"), (UInt32.max, "ffffffff0f")]
        for (value, encoded) in cases {
            var buffer = ByteBuffer()
            buffer.writeUnsignedVarint(value)
            #expect(hex(buffer) == encoded)
            #expect(try buffer.readUnsignedVarint("v") == value)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func zigZagVarintsMatchTheSpecification() throws {
        let cases: [(Int64, String)] = [(0, "00"), (-1, "01"), (1, "02"), (-2, "03"), (63, "7e"), (-64, "7f"),
                                        (64, "8001"), (Int64(Int32.max), "feffffff0f"),
                                        (Int64(Int32.min), "ffffffff0f")]
        for (value, encoded) in cases {
            var buffer = ByteBuffer()
            buffer.writeZigZagVarlong(value)
            #expect(hex(buffer) == encoded)
            var copy = buffer
            #expect(try buffer.readZigZagVarlong("v") == value)
            #expect(try copy.readZigZagVarint("v") == Int32(value))
            #expect(zigZagVarintSize(value) == encoded.count / 2)
        }
        var extremes = ByteBuffer()
        extremes.writeZigZagVarlong(Int64.min)
        extremes.writeZigZagVarlong(Int64.max)
        #expect(try extremes.readZigZagVarlong("v") == Int64.min)
        #expect(try extremes.readZigZagVarlong("v") == Int64.max)
    }

    @Test func overlongVarintsAreRejected() {
        var tooLong = bytes("ffffffff1f")
        #expect(throws: KafkaProtocolError.invalidVarint(field: "v")) { try tooLong.readUnsignedVarint("v") }
        var neverEnds = bytes("ffffffffffffffffffff7f")
        #expect(throws: KafkaProtocolError.invalidVarint(field: "v")) { try neverEnds.readUnsignedVarlong("v") }
        var truncated = bytes("8080")
        #expect(throws: KafkaProtocolError.truncated(field: "v")) { try truncated.readUnsignedVarint("v") }
    }

    @Test func stringsBytesAndNulls() throws {
        var buffer = bytes("0003 616263 | ffff | 0000 | 00000002 0102 | ffffffff | 04 78797a | 00 | 01")
        #expect(try buffer.readKafkaString("a") == "abc")
        #expect(try buffer.readKafkaNullableString("b") == nil)
        #expect(try buffer.readKafkaString("c") == "")
        #expect(try buffer.readKafkaBytes("d") == bytes("0102"))
        #expect(try buffer.readKafkaNullableBytes("e") == nil)
        #expect(try buffer.readKafkaString("f", compact: true) == "xyz")
        #expect(try buffer.readKafkaNullableString("g", compact: true) == nil)
        #expect(try buffer.readKafkaString("h", compact: true) == "")

        var written = ByteBuffer()
        try written.writeKafkaString("abc", "a")
        try written.writeKafkaNullableString(nil, "b")
        written.writeKafkaNullableBytes(bytes("0102"))
        written.writeKafkaNullableBytes(nil)
        try written.writeKafkaString("xyz", "f", compact: true)
        try written.writeKafkaNullableString(nil, "g", compact: true)
        #expect(hex(written) == "0003616263ffff0000000201" + "02ffffffff0478797a00")
    }

    @Test func absurdLengthsThrowBeforeAllocating() {
        var hugeString = bytes("7fff 61")
        #expect(throws: KafkaProtocolError.truncated(field: "s")) { try hugeString.readKafkaString("s") }
        var negative = bytes("fffe")
        #expect(throws: KafkaProtocolError.invalidLength(field: "s", length: -2)) { try negative.readKafkaString("s") }
        var nullNotAllowed = bytes("ffff")
        #expect(throws: KafkaProtocolError.unexpectedNull(field: "s")) { try nullNotAllowed.readKafkaString("s") }
        var hugeArray = bytes("7fffffff 00")
        #expect(throws: KafkaProtocolError.truncated(field: "a")) { try hugeArray.readKafkaArrayCount("a") }
        var hugeCompactBytes = bytes("ffffffff0f")
        #expect(throws: KafkaProtocolError.truncated(field: "b")) {
            try hugeCompactBytes.readKafkaBytes("b", compact: true)
        }
        var tooLongToWrite = ByteBuffer()
        #expect(throws: KafkaProtocolError.tooLarge(field: "s", length: 40000)) {
            try tooLongToWrite.writeKafkaString(String(repeating: "x", count: 40000), "s")
        }
    }

    @Test func taggedFieldSectionsAreSkippedAndWrittenEmpty() throws {
        // Two tags: tag 0 with 3 bytes, tag 5 with 1 byte; then a marker byte.
        var buffer = bytes("02 | 00 03 aabbcc | 05 01 dd | 7e")
        try buffer.skipKafkaTaggedFields()
        #expect(try buffer.readKafkaInteger("marker", as: UInt8.self) == 0x7E)
        var truncated = bytes("01 00 05 aabb")
        #expect(throws: KafkaProtocolError.truncated(field: "tags")) { try truncated.skipKafkaTaggedFields("tags") }
        var written = ByteBuffer()
        written.writeEmptyKafkaTaggedFields()
        #expect(hex(written) == "00")
    }

    @Test func uuidRoundTrips() throws {
        var buffer = ByteBuffer()
        let id = KafkaUUID(high: 0x0102030405060708, low: 0x090A0B0C0D0E0F10)
        buffer.writeKafkaUUID(id)
        #expect(hex(buffer) == "0102030405060708090a0b0c0d0e0f10")
        #expect(try buffer.readKafkaUUID("id") == id)
    }
}

/// A made-up flexible message exercising every compact field kind through both coder directions.
private struct CompactSample: KafkaFieldGroup, Hashable {
    var name = ""
    var note: String?
    var payload = ByteBuffer()
    var maybe: ByteBuffer?
    var ids: [Int32] = []
    var tags: [String]?

    mutating func code<C: KafkaFieldCoder>(_ c: inout C, version: Int16) throws {
        try c.string(&name, "name")
        try c.nullableString(&note, "note")
        try c.bytes(&payload, "payload")
        try c.nullableBytes(&maybe, "maybe")
        try c.int32Array(&ids, "ids")
        try c.nullableStringArray(&tags, "tags")
        try c.taggedFieldsIfFlexible()
    }
}

@Suite struct FlexibleCoderTests {
    @Test func compactFieldsReadAndWrite() throws {
        // "ab" | null | bytes 01 | null | [7] | null | empty tags
        let wire = bytes("03 6162 | 00 | 02 01 | 00 | 02 00000007 | 00 | 00")
        var reader = KafkaFieldReader(buffer: wire, flexible: true)
        var sample = CompactSample()
        try sample.code(&reader, version: 0)
        #expect(reader.buffer.readableBytes == 0)
        #expect(sample == CompactSample(name: "ab", note: nil, payload: bytes("01"), maybe: nil, ids: [7], tags: nil))
        var writer = KafkaFieldWriter(buffer: ByteBuffer(), flexible: true)
        try sample.code(&writer, version: 0)
        #expect(writer.buffer == wire)
    }

    @Test func theSameLayoutClassically() throws {
        let wire = bytes("0002 6162 | ffff | 00000001 01 | ffffffff | 00000001 00000007 | ffffffff")
        var reader = KafkaFieldReader(buffer: wire, flexible: false)
        var sample = CompactSample()
        try sample.code(&reader, version: 0)
        #expect(reader.buffer.readableBytes == 0)
        #expect(sample.name == "ab" && sample.ids == [7] && sample.tags == nil)
        var writer = KafkaFieldWriter(buffer: ByteBuffer(), flexible: false)
        try sample.code(&writer, version: 0)
        #expect(writer.buffer == wire)
    }

    @Test func nullWhereAnArrayIsRequiredIsAnError() {
        var reader = KafkaFieldReader(buffer: bytes("00 00 00 00 00"), flexible: true)
        var sample = CompactSample()
        #expect(throws: KafkaProtocolError.unexpectedNull(field: "name")) { try sample.code(&reader, version: 0) }
        var arrays = KafkaFieldReader(buffer: bytes("ffffffff"), flexible: false)
        var ids: [Int32] = []
        #expect(throws: KafkaProtocolError.unexpectedNull(field: "ids")) { try arrays.int32Array(&ids, "ids") }
    }
}
