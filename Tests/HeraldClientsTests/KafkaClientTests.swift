import HeraldKafkaProtocol
import NIOCore
import Testing
@testable import HeraldClients

@Suite struct KeyPartitionerTests {
    /// Kafka's own vectors (UtilsTest.testMurmur2), which kafka-python's murmur2 gives too.
    @Test(arguments: [
        ("21", -973_932_308), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func murmur2MatchesJava(key: String, expected: Int32) {
        #expect(Int32(bitPattern: KeyPartitioner.murmur2(Array(key.utf8))) == expected)
    }

    @Test func partitionIsPositiveHashModuloCount() {
        // toPositive(-973932308) = 1173551340; % 6 = 0.
        #expect(KeyPartitioner.partition(forKey: Array("21".utf8), partitions: 6) == 1_173_551_340 % 6)
        #expect(KeyPartitioner.partition(forKey: Array("21".utf8), partitions: 1) == 0)
    }

    @Test func bootstrapLists() {
        #expect(KafkaAddress.parseList("127.0.0.1:9092, b-2.example:9094")
            == [KafkaAddress(host: "127.0.0.1", port: 9092), KafkaAddress(host: "b-2.example", port: 9094)])
        #expect(KafkaAddress.parseList("[::1]:9092") == [KafkaAddress(host: "::1", port: 9092)])
        #expect(KafkaAddress.parseList("localhost") == nil)
        #expect(KafkaAddress.parseList("host:0") == nil)
        #expect(KafkaAddress.parseList("") == nil)
    }

    @Test func outgoingRecordsBecomeAValidBatch() throws {
        let record = OutgoingRecord(topic: "t", key: Array("k".utf8), value: [0, 0, 0, 0, 7, 2],
                                    headers: [RecordHeader(key: "traceparent", value: Array("00-x".utf8))])
        var header = RecordBatchHeader()
        header.baseTimestamp = 1_700_000_000_000
        let batch = try RecordBatch(records: [KafkaProducer.kafkaRecord(record, offsetDelta: 0)], header: header)
        try batch.verify()
        let decoded = try batch.records()
        #expect(decoded.count == 1)
        #expect(decoded[0].key.map { Array($0.readableBytesView) } == Array("k".utf8))
        #expect(decoded[0].headers.first?.key == "traceparent")
    }
}
