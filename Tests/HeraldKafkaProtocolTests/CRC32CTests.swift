import NIOCore
import Testing
@testable import HeraldKafkaProtocol

@Suite struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720 (iSCSI) B.4 test patterns.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            var crc = CRC32C()
            crc.update(ByteBuffer(bytes: data[0..<split]))
            crc.update(ByteBuffer(bytes: data[split...]))
            #expect(crc.value == CRC32C.checksum(data))
        }
    }
}

@Suite struct CRC32CPathTests {
    /// The hardware and table paths agree on every length and alignment around the 8-byte steps.
    @Test func hardwareAndTablesAgree() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<4133).map { _ in UInt8.random(in: 0...255, using: &generator) }
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4096, all.count - start] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    var viaTables = CRC32C()
                    viaTables.updateWithTables(slice)
                    var viaDefault = CRC32C()
                    viaDefault.update(slice)
                    #expect(viaDefault.value == viaTables.value, "start \(start), length \(length)")
                }
            }
        }
    }

    /// Long inputs take the interleaved path (three 16 KiB lanes joined); it must agree with the tables at every
    /// length around the lane boundaries and when fed in pieces.
    @Test func longInputsAgree() {
        var generator = SplitMix64(seed: 0x43524333)
        let data = (0..<200_003).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let lane = 16384
        data.withUnsafeBytes { all in
            for start in [0, 3] {
                for length in [3 * lane - 1, 3 * lane, 3 * lane + 1, 3 * lane + 8, 6 * lane, 6 * lane + 13, all.count - start] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<start + length])
                    var viaTables = CRC32C()
                    viaTables.updateWithTables(slice)
                    var viaDefault = CRC32C()
                    viaDefault.update(slice)
                    #expect(viaDefault.value == viaTables.value, "start \(start), length \(length)")
                }
            }
            var pieces = CRC32C()
            for range in [0..<5, 5..<70_000, 70_000..<70_001, 70_001..<all.count] {
                pieces.update(UnsafeRawBufferPointer(rebasing: all[range]))
            }
            var whole = CRC32C()
            whole.updateWithTables(all)
            #expect(pieces.value == whole.value)
        }
    }

    @Test func tablePathMatchesKnownVectors() {
        func tables(_ bytes: [UInt8]) -> UInt32 {
            var crc = CRC32C()
            bytes.withUnsafeBytes { crc.updateWithTables($0) }
            return crc.value
        }
        #expect(tables(Array("123456789".utf8)) == 0xE306_9283)
        #expect(tables([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(tables([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(tables((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }
}
