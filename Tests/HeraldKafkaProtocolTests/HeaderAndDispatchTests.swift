import NIOCore
import Testing
@testable import HeraldKafkaProtocol

@Suite struct HeaderAndDispatchTests {
    @Test func requestHeaderV1() throws {
        // Metadata v1, correlation 42, client "rdkafka".
        var input = bytes("0003 0001 0000002a 0007 72646b61666b61 | 00000001 0001 74")
        let frame = try KafkaRequestFrame.decode(input)
        #expect(frame.header == KafkaRequestHeader(apiKey: .metadata, apiVersion: 1, correlationId: 42, clientId: "rdkafka"))
        #expect(frame.request == .metadata({ var r = MetadataRequest(); r.topics = ["t"]; return r }()))
        var out = ByteBuffer()
        try frame.encode(into: &out)
        #expect(out == input)
        input.moveReaderIndex(forwardBy: 1)
        #expect(throws: KafkaProtocolError.self) { try KafkaRequestFrame.decode(input) }
    }

    @Test func requestHeaderV2KeepsAnInt16ClientIdAndSkipsTags() throws {
        // ApiVersions v3 header: client id is int16-length "rdkafka", then a tag section with one tag (0, 2 bytes).
        let input = bytes("0012 0003 00000001 0007 72646b61666b61 01 00 02 abcd | 02 61 02 31 00")
        let frame = try KafkaRequestFrame.decode(input)
        #expect(frame.header.clientId == "rdkafka")
        #expect(frame.header.isFlexible)
        var expected = ApiVersionsRequest()
        expected.clientSoftwareName = "a"
        expected.clientSoftwareVersion = "1"
        #expect(frame.request == .apiVersions(expected))
        // Written back, the header carries an empty tag section.
        var out = ByteBuffer()
        try frame.encode(into: &out)
        #expect(hex(out) == "0012000300000001000772646b61666b6100" + "0261023100")
    }

    @Test func nullClientId() throws {
        let frame = try KafkaRequestFrame.decode(bytes("0012 0000 00000005 ffff"))
        #expect(frame.header.clientId == nil)
        #expect(frame.request == .apiVersions(ApiVersionsRequest()))
    }

    @Test func responseHeaders() throws {
        var v0 = ByteBuffer()
        KafkaResponseHeader(correlationId: 7).encode(headerVersion: 0, into: &v0)
        #expect(hex(v0) == "00000007")
        var v1 = ByteBuffer()
        KafkaResponseHeader(correlationId: 7).encode(headerVersion: 1, into: &v1)
        #expect(hex(v1) == "0000000700")
        #expect(ApiKey.apiVersions.responseHeaderVersion(version: 3) == 0)
        #expect(ApiKey.metadata.responseHeaderVersion(version: 8) == 0)
        #expect(ApiKey.metadata.responseHeaderVersion(version: 9) == 1)
        #expect(ApiKey.apiVersions.requestHeaderVersion(version: 3) == 2)
        #expect(ApiKey.produce.requestHeaderVersion(version: 8) == 1)
    }

    @Test func advertisedTableIsTheContract() {
        let table = Dictionary(uniqueKeysWithValues: ApiKey.advertised.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        let expected: [Int16: ClosedRange<Int16>] = [
            0: 3...8, 1: 4...11, 2: 1...3, 3: 1...8, 8: 2...3, 9: 1...3, 10: 0...2, 11: 0...5, 12: 0...3,
            13: 0...1, 14: 0...3, 15: 0...4, 16: 0...2, 18: 0...3, 19: 0...4, 20: 0...3, 21: 0...1, 22: 0...4,
            24: 0...3, 25: 0...3, 26: 0...3, 28: 0...3, 32: 0...1, 33: 0...1, 37: 0...1, 44: 0...0, 60: 0...1, 61: 0...0, 65: 0...0, 66: 0...0,
        ]
        #expect(table == expected)
        #expect(ApiKey.advertised.map(\.apiKey) == ApiKey.advertised.map(\.apiKey).sorted())
        // Flexible among the advertised versions: ApiVersions v3, InitProducerId v2+, the other transaction calls' v3, and
        // the four flexible-only cluster, producer and transaction descriptions.
        for key in ApiKey.allCases {
            for version in key.supportedVersions {
                let flexible = (key == .apiVersions && version == 3) || (key == .initProducerId && version >= 2)
                    || ([.addPartitionsToTxn, .addOffsetsToTxn, .endTxn, .txnOffsetCommit].contains(key) && version == 3)
                    || [.describeCluster, .describeProducers, .describeTransactions, .listTransactions].contains(key)
                #expect(key.isFlexible(version: version) == flexible)
            }
        }
    }

    @Test func fullApiVersionsV3ResponseHasNoTags() throws {
        var out = ByteBuffer()
        try KafkaResponse.apiVersions(.advertised).encode(correlationId: 1, version: 3, into: &out)
        // correlation | error | compact count 31 | 30 entries of 7 bytes (each with an empty tag section) | throttle | tags
        #expect(out.readableBytes == 4 + 2 + 1 + 30 * 7 + 4 + 1)
        #expect(hex(out).hasPrefix("00000001" + "0000" + "1f" + "0000000300080" + "0"))
        #expect(hex(out).hasSuffix("00420000000000" + "00000000" + "00"))
    }

    @Test func apiVersionsAboveItsRangeGetsTheV0UnsupportedAnswer() throws {
        // kafka-python opens with ApiVersions v4 (flexible header, tags, compact strings).
        let frame = try KafkaRequestFrame.decode(bytes("0012 0004 00000009 0001 6b 00 | 02 61 02 31 00"))
        #expect(frame.request == .apiVersions(ApiVersionsRequest()))
        var out = ByteBuffer()
        try KafkaResponse.apiVersions(.unsupportedVersion).encode(correlationId: 9, version: 4, into: &out)
        #expect(hex(out) == "00000009" + "0023" + "00000001" + "001200000003")
    }

    @Test func unknownKeysAndVersionsAreTypedErrors() throws {
        // ControlledShutdown (7) is not implemented.
        #expect(throws: KafkaProtocolError.unsupportedApiKey(7)) {
            try KafkaRequestFrame.decode(bytes("0007 0001 00000001 ffff"))
        }
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: .metadata, version: 0)) {
            try KafkaRequestFrame.decode(bytes("0003 0000 00000001 ffff 00000000"))
        }
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: .metadata, version: 9)) {
            try KafkaRequestFrame.decode(bytes("0003 0009 00000001 ffff 00"))
        }
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: .apiVersions, version: -1)) {
            try KafkaRequestFrame.decode(bytes("0012 ffff 00000001 ffff"))
        }
        var out = ByteBuffer()
        #expect(throws: KafkaProtocolError.unsupportedVersion(apiKey: .fetch, version: 12)) {
            try KafkaResponse.fetch(FetchResponse()).encode(correlationId: 1, version: 12, into: &out)
        }
        #expect(out.readableBytes == 0)
    }

    @Test func errorCodesHaveKafkaNames() {
        #expect(ErrorCode.corruptMessage.rawValue == 2)
        #expect(ErrorCode.invalidRecord.description == "INVALID_RECORD")
        #expect(ErrorCode.memberIdRequired.rawValue == 79)
        #expect(ErrorCode(rawValue: 999).description == "ERROR_999")
        let named: [(ErrorCode, Int16)] = [
            (.noError, 0), (.offsetOutOfRange, 1), (.unknownTopicOrPartition, 3), (.messageTooLarge, 10),
            (.coordinatorNotAvailable, 15), (.invalidTopic, 17), (.illegalGeneration, 22),
            (.inconsistentGroupProtocol, 23), (.unknownMemberId, 25), (.invalidSessionTimeout, 26),
            (.rebalanceInProgress, 27), (.unsupportedVersion, 35), (.topicAlreadyExists, 36),
            (.invalidReplicationFactor, 38), (.invalidRequest, 42), (.outOfOrderSequenceNumber, 45),
            (.invalidProducerEpoch, 47), (.transactionalIdAuthorizationFailed, 53), (.unsupportedCompressionType, 76),
        ]
        for (code, raw) in named { #expect(code.rawValue == raw) }
    }

    @Test func produceRequestCarriesARealBatch() throws {
        var request = ProduceRequest()
        request.acks = -1
        request.timeoutMs = 1000
        request.topics = [.init(name: "orders", partitions: [.init(index: 0, records: bytes(BatchFixtures.plain))])]
        var frame = ByteBuffer()
        try KafkaRequestFrame(header: KafkaRequestHeader(apiKey: .produce, apiVersion: 8, correlationId: 3, clientId: nil),
                              request: .produce(request)).encode(into: &frame)
        guard case .produce(let decoded) = try KafkaRequestFrame.decode(frame).request else {
            Issue.record("not a produce request")
            return
        }
        let records = try #require(decoded.topics.first?.partitions.first?.records)
        let batch = try #require(try RecordBatch.parseAll(records).first)
        try batch.verify()
        #expect(try batch.records() == BatchFixtures.expectedRecords)
    }

    @Test func responsesEncodeAsWholeFrames() throws {
        var out = bytes("ee")  // bytes already in the buffer stay untouched
        try KafkaResponse.heartbeat(HeartbeatResponse(errorCode: .rebalanceInProgress))
            .encodeFrame(correlationId: 5, version: 1, into: &out)
        #expect(hex(out) == "ee" + "0000000a" + "00000005" + "00000000" + "001b")
        var failed = bytes("ee")
        #expect(throws: KafkaProtocolError.self) {
            try KafkaResponse.heartbeat(HeartbeatResponse()).encodeFrame(correlationId: 5, version: 9, into: &failed)
        }
        #expect(hex(failed) == "ee")
    }
}
