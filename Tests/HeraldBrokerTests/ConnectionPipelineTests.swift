import HeraldKafkaProtocol
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import HeraldBroker

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// Drives the real connection pipeline (frame decoder + connection handler + request handler) on an EmbeddedChannel.
@Suite struct ConnectionPipelineTests {
    final class Harness {
        let state: BrokerState
        let channel: EmbeddedChannel
        var loop: EmbeddedEventLoop { channel.embeddedEventLoop }
        var correlation: Int32 = 0

        init(validator: any ProduceValidator = AcceptAllRecords(), maxFrameBytes: Int = 1 << 20,
             idleTimeoutMs: Int64 = 600_000) throws {
            var config = BrokerConfiguration()
            config.initialTopics = ["t": 2]
            config.maxFrameBytes = maxFrameBytes
            config.idleTimeoutMs = idleTimeoutMs
            state = try BrokerState(configuration: config, clock: { 1_000 }, logger: quietLogger)
            channel = EmbeddedChannel()
            let requests = KafkaRequestHandler(state: state, validator: validator, logger: quietLogger)
            try KafkaBrokerService.configureConnection(channel, requests: requests, configuration: config, logger: quietLogger)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9092)).wait()
        }

        /// Closes the channel (when the broker has not) and runs the loop's pending work, as a real connection ends:
        /// the handler's pending idle check holds the handler and its context, so a channel left open, or closed
        /// with its teardown still queued on the loop, keeps the whole pipeline and the broker state alive.
        deinit { _ = try? channel.finish(acceptAlreadyClosed: true) }

        /// Sends one request frame; returns its correlation id.
        @discardableResult
        func send(_ request: KafkaRequest, version: Int16) throws -> Int32 {
            correlation += 1
            var body = ByteBuffer()
            try KafkaRequestFrame(header: KafkaRequestHeader(apiKey: request.apiKey, apiVersion: version, correlationId: correlation,
                                                             clientId: "test"), request: request).encode(into: &body)
            var frame = ByteBuffer()
            frame.writeInteger(Int32(body.readableBytes))
            frame.writeBuffer(&body)
            try channel.writeInbound(frame)
            return correlation
        }

        /// The next response written, decoded as `apiKey` at `version`, or nil when none is pending.
        func receive(_ apiKey: ApiKey, version: Int16) throws -> (Int32, KafkaResponse)? {
            guard var frame = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
            let size: Int32? = frame.readInteger()
            #expect(Int(size ?? -1) == frame.readableBytes)
            let decoded = try KafkaResponse.decode(apiKey: apiKey, version: version, from: &frame)
            return (decoded.header.correlationId, decoded.response)
        }
    }

    static func batch(_ values: [String], producerId: Int64 = -1, epoch: Int16 = -1, sequence: Int32 = -1,
                      compression: CompressionCodec = .none) throws -> ByteBuffer {
        var header = RecordBatchHeader()
        header.attributes = RecordBatchAttributes(compression: compression)
        header.baseTimestamp = 1_000
        header.producerId = producerId
        header.producerEpoch = epoch
        header.baseSequence = sequence
        let records = values.enumerated().map { index, value in
            KafkaRecord(offsetDelta: Int32(index), key: nil, value: ByteBuffer(string: value), headers: [])
        }
        return try RecordBatch(records: records, header: header).bytes
    }

    static func produce(_ records: ByteBuffer, acks: Int16 = -1, partition: Int32 = 0) -> KafkaRequest {
        var request = ProduceRequest()
        request.acks = acks
        request.timeoutMs = 1_000
        request.topics = [.init(name: "t", partitions: [.init(index: partition, records: records)])]
        return .produce(request)
    }

    static func fetch(offset: Int64, maxWaitMs: Int32 = 500) -> KafkaRequest {
        var request = FetchRequest()
        request.maxWaitMs = maxWaitMs
        request.minBytes = 1
        request.maxBytes = 1 << 20
        request.topics = [.init(name: "t", partitions: [.init(partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20)])]
        return .fetch(request)
    }

    func partitionResult(_ response: KafkaResponse?) -> ProduceResponse.Partition? {
        guard case .produce(let produce)? = response else { return nil }
        return produce.topics.first?.partitions.first
    }

    @Test func parkedFetchKeepsItsPlaceInTheResponseOrder() throws {
        let harness = try Harness()
        let fetchId = try harness.send(Self.fetch(offset: 0), version: 11)
        let versionsId = try harness.send(.apiVersions(ApiVersionsRequest()), version: 3)
        // The ApiVersions answer is ready, but must wait behind the parked fetch.
        #expect(try harness.receive(.fetch, version: 11) == nil)
        _ = harness.state.append(try Self.batch(["a", "b"]), header: RecordBatchHeader(peekingAt: try Self.batch(["a", "b"]))!,
                                 to: TopicPartition("t", 0), sync: false)
        harness.loop.run()
        let (firstId, first) = try #require(try harness.receive(.fetch, version: 11))
        #expect(firstId == fetchId)
        guard case .fetch(let fetch) = first else { Issue.record("not a fetch"); return }
        let partition = try #require(fetch.topics.first?.partitions.first)
        #expect(partition.highWatermark == 2)
        let batches = try RecordBatch.parseAll(try #require(partition.records))
        #expect(try batches.first?.records().map { String(buffer: $0.value!) } == ["a", "b"])
        let (secondId, _) = try #require(try harness.receive(.apiVersions, version: 3))
        #expect(secondId == versionsId)
    }

    /// A fetch with stored records at or after its offset in any partition is answered at once, whatever its
    /// max_wait: mid-batch offsets, a first batch over partition_max_bytes, data only in a later partition.
    @Test func fetchBelowTheLogEndIsAnsweredWithoutWaiting() throws {
        let harness = try Harness()
        for values in [["a", "b", "c"], ["d", "e"], ["f"]] {
            let batch = try Self.batch(values)
            _ = harness.state.append(batch, header: RecordBatchHeader(peekingAt: batch)!, to: TopicPartition("t", 0), sync: false)
        }
        func fetch(_ partitions: [FetchRequest.Partition]) -> KafkaRequest {
            var request = FetchRequest()
            request.maxWaitMs = 500
            request.minBytes = 1
            request.maxBytes = 1 << 20
            request.topics = [.init(name: "t", partitions: partitions)]
            return .fetch(request)
        }
        let cases: [(name: String, request: KafkaRequest, firstValue: String)] = [
            ("log start", Self.fetch(offset: 0), "a"),
            ("mid-batch", Self.fetch(offset: 4), "d"),
            ("last record", Self.fetch(offset: 5), "f"),
            ("first batch over partition_max_bytes", fetch([.init(partition: 0, fetchOffset: 3, partitionMaxBytes: 1)]), "d"),
            ("data only in the second partition", fetch([.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20),
                                                         .init(partition: 0, fetchOffset: 1, partitionMaxBytes: 1 << 20)]), "a"),
        ]
        for (name, request, firstValue) in cases {
            let id = try harness.send(request, version: 11)
            // No loop time passes: a parked fetch would only answer at its 500 ms timeout.
            let (correlation, response) = try #require(try harness.receive(.fetch, version: 11), "\(name) was parked")
            #expect(correlation == id)
            guard case .fetch(let answer) = response else { Issue.record("not a fetch"); continue }
            let records = answer.topics.flatMap(\.partitions).compactMap(\.records).filter { $0.readableBytes > 0 }
            let batches = try records.flatMap { try RecordBatch.parseAll($0) }
            #expect(try batches.first?.records().first.map { String(buffer: $0.value!) } == firstValue, "\(name)")
        }
    }

    @Test func fetchTimesOutEmptyAfterMaxWait() throws {
        let harness = try Harness()
        try harness.send(Self.fetch(offset: 0, maxWaitMs: 200), version: 11)
        harness.loop.advanceTime(by: .milliseconds(199))
        #expect(try harness.receive(.fetch, version: 11) == nil)
        harness.loop.advanceTime(by: .milliseconds(1))
        let (_, response) = try #require(try harness.receive(.fetch, version: 11))
        guard case .fetch(let fetch) = response else { Issue.record("not a fetch"); return }
        #expect(fetch.topics.first?.partitions.first?.records?.readableBytes == 0)
        #expect(fetch.topics.first?.partitions.first?.errorCode == .noError)
    }

    @Test func acksZeroGetsNoResponseAndLaterRequestsStillDo() throws {
        let harness = try Harness()
        try harness.send(Self.produce(try Self.batch(["x"]), acks: 0), version: 8)
        let id = try harness.send(Self.produce(try Self.batch(["y"]), acks: 1), version: 8)
        let (correlation, response) = try #require(try harness.receive(.produce, version: 8))
        #expect(correlation == id)
        #expect(partitionResult(response)?.baseOffset == 1)
        #expect(try harness.receive(.produce, version: 8) == nil)
    }

    @Test func produceChecksCRCCodecAndValidator() throws {
        let rejecting = ProduceValidationClosure { _, _, records in
            records.contains { $0.value.map { String(buffer: $0) } == "bad" }
                ? .rejected(errors: [RecordValidationError(batchIndex: 1, message: "value is bad")], message: "record 1 is bad")
                : .accepted
        }
        let harness = try Harness(validator: rejecting)
        var corrupt = try Self.batch(["a"])
        corrupt.setInteger(UInt8(0x7A), at: corrupt.writerIndex - 1)
        try harness.send(Self.produce(corrupt), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.errorCode == .corruptMessage)

        try harness.send(Self.produce(try Self.batch(["ok", "bad"])), version: 8)
        let invalid = try #require(partitionResult(try harness.receive(.produce, version: 8)?.1))
        #expect(invalid.errorCode == ErrorCode(rawValue: 87))
        #expect(invalid.recordErrors == [.init(batchIndex: 1, message: "value is bad")])
        #expect(invalid.errorMessage == "record 1 is bad")

        try harness.send(Self.produce(try Self.batch(["zipped"], compression: .gzip)), version: 8)
        let zipped = try #require(partitionResult(try harness.receive(.produce, version: 8)?.1))
        #expect(zipped.errorCode == .noError && zipped.baseOffset == 0)

        var lz4 = try Self.batch(["plain"])
        lz4.setInteger(Int16(3), at: lz4.readerIndex + 21)
        try harness.send(Self.produce(lz4), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.errorCode == ErrorCode(rawValue: 76))
    }

    /// Whether the records are only walked for shape (`AcceptAllRecords`), walked for their payloads (a contract
    /// validator) or built for a validator, malformed records under a valid CRC are refused with the same error and
    /// message; nothing is stored.
    @Test func malformedRecordsAreRefusedWithOrWithoutAValidator() throws {
        var header = RecordBatchHeader()
        header.baseTimestamp = 1_000
        for codec in [CompressionCodec.none, .gzip] {
            header.attributes = RecordBatchAttributes(compression: codec)
            // The second record claims offsetDelta 5: the CRC is right, the records are not.
            let records = [KafkaRecord(offsetDelta: 0, key: nil, value: ByteBuffer(string: "a")),
                           KafkaRecord(offsetDelta: 5, key: nil, value: ByteBuffer(string: "b"))]
            let malformed = try RecordBatch(records: records, header: header).bytes
            var results: [ProduceResponse.Partition] = []
            let source = CatalogSchemaSource()
            try source.register(json: #"{"type": "record", "name": "T", "fields": [{"name": "eventId", "type": "string"}]}"#, under: "t-value")
            let contract = ContractValidator(contracts: [TopicContract(topic: "t", event: "t")], source: source)
            for validator in [AcceptAllRecords() as any ProduceValidator, ProduceValidationClosure { _, _, _ in .accepted }, contract] {
                let harness = try Harness(validator: validator)
                try harness.send(Self.produce(malformed), version: 8)
                results.append(try #require(partitionResult(try harness.receive(.produce, version: 8)?.1)))
                #expect(harness.state.read(TopicPartition("t", 0), from: 0, maxBytes: 1 << 20).highWatermark == 0)
            }
            #expect(results[0].errorCode == .corruptMessage)
            #expect(results[0].errorMessage == "batch 0: record 1 has offsetDelta 5")
            #expect(results[0] == results[1])
            #expect(results[0] == results[2])
        }
    }

    @Test func idempotentProducerSurvivesAClientSideEpochBumpAfterARejection() throws {
        let rejecting = ProduceValidationClosure { _, _, records in
            records.contains { $0.value.map { String(buffer: $0) } == "bad" }
                ? .rejected(errors: [RecordValidationError(batchIndex: 0, message: "bad")], message: "bad") : .accepted
        }
        let harness = try Harness(validator: rejecting)
        try harness.send(.initProducerId(InitProducerIdRequest()), version: 1)
        guard case .initProducerId(let ids)? = try harness.receive(.initProducerId, version: 1)?.1 else { Issue.record("no id"); return }
        #expect(ids.producerId == 1 && ids.producerEpoch == 0)
        let pid = ids.producerId
        try harness.send(Self.produce(try Self.batch(["a", "b"], producerId: pid, epoch: 0, sequence: 0)), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.baseOffset == 0)
        // A retry of the same batch gets the original offset and is not stored twice.
        try harness.send(Self.produce(try Self.batch(["a", "b"], producerId: pid, epoch: 0, sequence: 0)), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.baseOffset == 0)
        try harness.send(Self.produce(try Self.batch(["bad"], producerId: pid, epoch: 0, sequence: 2)), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.errorCode == ErrorCode(rawValue: 87))
        // librdkafka bumps the epoch itself and restarts at sequence 0.
        try harness.send(Self.produce(try Self.batch(["c"], producerId: pid, epoch: 1, sequence: 0)), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.baseOffset == 2)
        try harness.send(Self.produce(try Self.batch(["d"], producerId: pid, epoch: 0, sequence: 1)), version: 8)
        #expect(partitionResult(try harness.receive(.produce, version: 8)?.1)?.errorCode == ErrorCode(rawValue: 47))
        #expect(harness.state.listOffset(TopicPartition("t", 0), timestamp: -1).offset == 3)
    }

    @Test func undecodableRequestsCloseTheConnection() throws {
        let harness = try Harness()
        var frame = ByteBuffer()
        frame.writeInteger(Int32(8))
        frame.writeInteger(Int16(999))
        frame.writeInteger(Int16(0))
        frame.writeInteger(Int32(1))
        try harness.channel.writeInbound(frame)
        #expect(!harness.channel.isActive)
    }

    @Test func oversizedFramesCloseTheConnection() throws {
        let harness = try Harness(maxFrameBytes: 1_024)
        var frame = ByteBuffer()
        frame.writeInteger(Int32(4_096))
        frame.writeRepeatingByte(0, count: 16)
        _ = try? harness.channel.writeInbound(frame)
        harness.loop.run()
        #expect(!harness.channel.isActive)
    }

    @Test func aSilentConnectionIsClosedAfterTheIdleTimeout() throws {
        let harness = try Harness(idleTimeoutMs: 1_000)
        harness.loop.advanceTime(by: .milliseconds(999))
        #expect(harness.channel.isActive)
        harness.loop.advanceTime(by: .milliseconds(1))
        #expect(!harness.channel.isActive)
    }

    @Test func halfAFrameDoesNotCountAsActivity() throws {
        let harness = try Harness(idleTimeoutMs: 1_000)
        harness.loop.advanceTime(by: .milliseconds(600))
        var partial = ByteBuffer()
        partial.writeInteger(Int32(100))
        partial.writeRepeatingByte(1, count: 10)
        try harness.channel.writeInbound(partial)
        harness.loop.advanceTime(by: .milliseconds(400))
        #expect(!harness.channel.isActive)
    }

    @Test func eachCompleteRequestRestartsTheIdleTimeout() throws {
        let harness = try Harness(idleTimeoutMs: 1_000)
        for _ in 0..<5 {
            harness.loop.advanceTime(by: .milliseconds(800))
            let id = try harness.send(.apiVersions(ApiVersionsRequest()), version: 3)
            harness.loop.run()
            #expect(try harness.receive(.apiVersions, version: 3)?.0 == id)
        }
        #expect(harness.channel.isActive)
        harness.loop.advanceTime(by: .milliseconds(1_000))
        #expect(!harness.channel.isActive)
    }

    @Test func metadataAdvertisesTheDialledAddressAndAutoCreates() throws {
        let harness = try Harness()
        var request = MetadataRequest()
        request.topics = ["t", "fresh", "bad name"]
        request.allowAutoTopicCreation = true
        try harness.send(.metadata(request), version: 8)
        guard case .metadata(let metadata)? = try harness.receive(.metadata, version: 8)?.1 else { Issue.record("no metadata"); return }
        #expect(metadata.brokers.map(\.nodeId) == [1])
        #expect(metadata.topics.map(\.name) == ["t", "fresh", "bad name"])
        #expect(metadata.topics.map(\.partitions.count) == [2, 1, 0])
        #expect(metadata.topics[2].errorCode == .invalidTopic)
        #expect(metadata.topics[0].partitions.first?.isrNodes == [1])
    }
}
