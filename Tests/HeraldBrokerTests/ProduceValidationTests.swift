import Foundation
import HeraldAvro
import HeraldCatalog
import HeraldKafkaProtocol
import NIOCore
import Testing
@testable import HeraldBroker

/// Produce-time validation through the broker's produce path (`KafkaRequestHandler.produce`), against the
/// bundled catalog's contracts and a registry double holding the catalog's schemas.
@Suite struct ProduceValidationTests {
    static let orderTopic = "orders.order-placed.v2"
    static let orderSubject = orderTopic + "-value"

    /// A broker over the catalog's topics with a contract validator.
    struct Broker {
        let state: BrokerState
        let handler: KafkaRequestHandler
        let source: CatalogSchemaSource
        let validator: ContractValidator

        init(source: CatalogSchemaSource = CatalogSchemaSource(), onInvalid: InvalidRecordAction? = nil, dataDirectory: URL? = nil) throws {
            var config = BrokerConfiguration()
            config.dataDirectory = dataDirectory
            let catalog = BundledCatalog.resolved
            for topic in catalog.topics { config.initialTopics[topic.name] = Int32(topic.partitions) }
            config.initialTopics["plain"] = 1
            state = try BrokerState(configuration: config, clock: { 1_000 }, logger: quietLogger)
            var contracts = TopicContract.contracts(from: catalog)
            if let onInvalid { contracts = contracts.map { var c = $0; c.onInvalid = onInvalid; return c } }
            validator = ContractValidator(contracts: contracts, source: source)
            handler = KafkaRequestHandler(state: state, validator: validator, logger: quietLogger)
            self.source = source
        }

        /// Produces one batch of (key, value) records to partition 0 and returns the partition's answer.
        func produce(_ topic: String, _ records: [(key: [UInt8]?, value: [UInt8]?)], producerId: Int64 = -1, epoch: Int16 = -1,
                     sequence: Int32 = -1, compression: CompressionCodec = .none, version: Int16 = 8) throws -> ProduceResponse.Partition {
            var header = RecordBatchHeader()
            header.attributes = RecordBatchAttributes(compression: compression)
            header.baseTimestamp = 1_000
            header.producerId = producerId
            header.producerEpoch = epoch
            header.baseSequence = sequence
            let kafkaRecords = records.enumerated().map { index, record in
                KafkaRecord(offsetDelta: Int32(index), key: record.key.map { ByteBuffer(bytes: $0) },
                            value: record.value.map { ByteBuffer(bytes: $0) }, headers: [KafkaRecordHeader(key: "trace", value: ByteBuffer(string: "x"))])
            }
            var request = ProduceRequest()
            request.acks = -1
            request.topics = [.init(name: topic, partitions: [.init(index: 0, records: try RecordBatch(records: kafkaRecords, header: header).bytes)])]
            return try #require(handler.produce(request, version: version).topics.first?.partitions.first)
        }

        func produce(_ topic: String, values: [[UInt8]], producerId: Int64 = -1, epoch: Int16 = -1, sequence: Int32 = -1) throws -> ProduceResponse.Partition {
            try produce(topic, values.map { (nil, $0) }, producerId: producerId, epoch: epoch, sequence: sequence)
        }

        /// Every record stored in partition `partition` of `topic`.
        func stored(_ topic: String, partition: Int32 = 0) throws -> [KafkaRecord] {
            let read = state.read(TopicPartition(topic, partition), from: 0, maxBytes: 1 << 24)
            return try read.batches.flatMap { try RecordBatch.parseAll($0).flatMap { try $0.records() } }
        }
    }

    static func framed(_ id: UInt32, _ body: [UInt8]) -> [UInt8] { ConfluentFrame.encode(schemaID: id, body: body) }

    /// The order event's latest example, framed with the ID of its latest version.
    static func validOrder(_ broker: Broker) throws -> [UInt8] {
        framed(try #require(broker.source.ids(orderSubject).last), try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json"))
    }

    @Test func validFramedRecordsAreAppended() throws {
        let broker = try Broker()
        let order = try Self.validOrder(broker)
        let answer = try broker.produce(Self.orderTopic, values: [order, order])
        #expect(answer.errorCode == .noError)
        #expect(answer.baseOffset == 0)
        #expect(try broker.stored(Self.orderTopic).map { Array(buffer: $0.value!) } == [order, order])
        #expect(broker.validator.statistics?.counts[Self.orderTopic] == .init(accepted: 2))
    }

    @Test func everyVersionOfTheSubjectIsAccepted() throws {
        let broker = try Broker()
        let ids = broker.source.ids(Self.orderSubject)
        #expect(ids.count == 2)
        let v1 = Self.framed(ids[0], try BundledCatalog.encodedExample("order.placed.v2", "v1/" + (try Self.firstExample("order.placed.v2", in: "v1")), version: 1))
        #expect(try broker.produce(Self.orderTopic, values: [v1, try Self.validOrder(broker)]).errorCode == .noError)
    }

    @Test func unframedJSONIsRefusedWithItsIndexAndAGuess() throws {
        let broker = try Broker()
        let order = try Self.validOrder(broker)
        let answer = try broker.produce(Self.orderTopic, values: [order, Array(#"{"eventId": "x"}"#.utf8)])
        #expect(answer.errorCode == .invalidRecord)
        #expect(answer.recordErrors == [.init(batchIndex: 1, message: "record 1: no Confluent framing (first byte 0x7b: looks like JSON)")])
        #expect(answer.errorMessage == "record 1: no Confluent framing (first byte 0x7b: looks like JSON)")
        #expect(try broker.stored(Self.orderTopic).isEmpty)
        #expect(broker.validator.statistics?.counts[Self.orderTopic] == .init(refused: 1))
    }

    @Test func plainTextAndShortValuesAreNotFramed() throws {
        let broker = try Broker()
        let text = try broker.produce(Self.orderTopic, values: [Array("hello".utf8)])
        #expect(text.errorMessage == "record 0: no Confluent framing (first byte 0x68: looks like text)")
        let short = try broker.produce(Self.orderTopic, values: [[0, 0, 1]])
        #expect(short.errorMessage?.hasPrefix("record 0: no Confluent framing (3 bytes;") == true)
        let tombstone = try broker.produce(Self.orderTopic, [(nil, nil)])
        #expect(tombstone.errorMessage == "record 0: value is null; \(Self.orderSubject) expects a Confluent-framed Avro record")
    }

    @Test func anUnknownSchemaIDNamesTheRegisteredOnes() throws {
        let broker = try Broker()
        let ids = broker.source.ids(Self.orderSubject).map(String.init).joined(separator: ", ")
        let body = try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json")
        let answer = try broker.produce(Self.orderTopic, values: [try Self.validOrder(broker), try Self.validOrder(broker), Self.framed(731, body)])
        #expect(answer.errorCode == .invalidRecord)
        #expect(answer.errorMessage == "record 2: schema id 731 is not registered under \(Self.orderSubject) (registered: \(ids))")
    }

    @Test func anIDOfAnotherSubjectIsRefused() throws {
        let broker = try Broker()
        let foreign = try #require(broker.source.ids("vehicle.configured-value").first)
        let body = try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json")
        let answer = try broker.produce(Self.orderTopic, values: [Self.framed(foreign, body)])
        #expect(answer.errorCode == .invalidRecord)
        #expect(answer.errorMessage?.hasPrefix("record 0: schema id \(foreign) belongs to another subject, not \(Self.orderSubject)") == true)
    }

    @Test func trailingBytesAreRefused() throws {
        let broker = try Broker()
        let order = try Self.validOrder(broker)
        let answer = try broker.produce(Self.orderTopic, values: [order + [1, 2, 3]])
        #expect(answer.errorCode == .invalidRecord)
        #expect(answer.errorMessage == "record 0: $: 3 bytes left over after the datum ends at byte \(order.count) (schema id \(broker.source.ids(Self.orderSubject).last!))")
    }

    @Test func truncatedDataNamesTheFieldTheTypeAndTheByte() throws {
        let source = CatalogSchemaSource()
        let id = try source.register(json: """
            {"type": "record", "name": "Paid", "fields": [{"name": "eventId", "type": "string"},
             {"name": "totalPrice", "type": {"type": "record", "name": "Money", "fields": [{"name": "amountMinor", "type": "long"}]}}]}
            """, under: "payments.paid-value")
        let broker = try Broker(source: source)
        var contracts = TopicContract.contracts(from: BundledCatalog.resolved)
        contracts.append(TopicContract(topic: "plain", event: "payments.paid"))
        let validator = ContractValidator(contracts: contracts + [TopicContract(topic: "payments.paid", event: "payments.paid")], source: source)
        _ = broker.state.ensureTopic("payments.paid", autoCreate: true)
        let handler = KafkaRequestHandler(state: broker.state, validator: validator, logger: quietLogger)
        let withHandler = Broker.with(handler: handler, broker)
        // eventId "ab", then the data ends where totalPrice.amountMinor should start: byte 5 + 3.
        let answer = try withHandler.produce("payments.paid", values: [Self.framed(id, [4, 0x61, 0x62])])
        #expect(answer.errorMessage == "record 0: $.totalPrice.amountMinor: expected long, found end of data at byte 8 (schema id \(id))")
        // A real event cut short anywhere is refused with a path.
        let order = try Self.validOrder(broker)
        for cut in [6, order.count / 2, order.count - 1] {
            let truncated = try broker.produce(Self.orderTopic, values: [Array(order.prefix(cut))])
            #expect(truncated.errorCode == .invalidRecord)
            #expect(truncated.errorMessage?.hasPrefix("record 0: $.") == true, "\(truncated.errorMessage ?? "")")
            #expect(truncated.errorMessage?.contains("found end of data at byte") == true, "\(truncated.errorMessage ?? "")")
        }
    }

    @Test func theIDFieldMustBePresentAndNonEmpty() throws {
        let source = CatalogSchemaSource()
        let optional = try source.register(json: """
            {"type": "record", "name": "E", "fields": [{"name": "eventId", "type": ["null", "string"]}]}
            """, under: "t.ids-value")
        let without = try source.register(json: """
            {"type": "record", "name": "F", "fields": [{"name": "other", "type": "string"}]}
            """, under: "t.ids-value")
        let broker = try Broker(source: source)
        _ = broker.state.ensureTopic("t.ids", autoCreate: true)
        let validator = ContractValidator(contracts: [TopicContract(topic: "t.ids", event: "t.ids")], source: source)
        let ids = Broker.with(handler: KafkaRequestHandler(state: broker.state, validator: validator, logger: quietLogger), broker)
        #expect(try ids.produce("t.ids", values: [Self.framed(optional, [2, 2, 0x61])]).errorCode == .noError)
        #expect(try ids.produce("t.ids", values: [Self.framed(optional, [0])]).errorMessage
            == "record 0: $.eventId is null; the event's idField must be present and non-empty (schema id \(optional))")
        #expect(try ids.produce("t.ids", values: [Self.framed(optional, [2, 0])]).errorMessage
            == "record 0: $.eventId is empty; the event's idField must be present and non-empty (schema id \(optional))")
        #expect(try ids.produce("t.ids", values: [Self.framed(without, [2, 0x61])]).errorMessage
            == "record 0: schema id \(without) has no field eventId, the event's idField")
        // The bundled order event with an empty eventId.
        var order = try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json")
        let length = Int(order[0] / 2)
        order.replaceSubrange(0...length, with: [0])
        let answer = try broker.produce(Self.orderTopic, values: [Self.framed(broker.source.ids(Self.orderSubject).last!, order)])
        #expect(answer.errorMessage?.hasPrefix("record 0: $.eventId is empty") == true)
    }

    @Test func keysAreCheckedWhereAKeySubjectExists() throws {
        let broker = try Broker()
        let keyID = try #require(broker.source.ids("crm.consents-key").first)
        let valueID = try #require(broker.source.ids("crm.consents-value").last)
        let value = Self.framed(valueID, try BundledCatalog.encodedExample("customer.consent.changed", "email-withdrawn.json"))
        let uuid = Array("74df478e-372e-53f7-a5ce-4484fddc5bfa".utf8)
        let key = Self.framed(keyID, [UInt8(uuid.count * 2)] + uuid + [10] + Array("email".utf8))
        #expect(try broker.produce("crm.consents", [(key, value)]).errorCode == .noError)
        let plain = try broker.produce("crm.consents", [(Array("customer-1".utf8), value)])
        #expect(plain.errorCode == .invalidRecord)
        #expect(plain.errorMessage == "record 0: key: no Confluent framing (first byte 0x63: looks like text)")
        // Where the key is a plain type there is no key subject: any key passes.
        #expect(try broker.produce(Self.orderTopic, [(Array("any key".utf8), try Self.validOrder(broker))]).errorCode == .noError)
    }

    @Test func topicsWithoutASubjectAcceptAnyBytes() throws {
        let broker = try Broker()
        #expect(try broker.produce("plain", values: [Array("hello".utf8)]).errorCode == .noError)
        // A catalog topic whose subject the registry does not hold is not checked either.
        let empty = try Broker(source: CatalogSchemaSource(catalog: ResolvedCatalogWithoutEvents.make()))
        #expect(try empty.produce(Self.orderTopic, values: [Array("hello".utf8)]).errorCode == .noError)
    }

    @Test func beforeV8TheRefusalIsTheErrorCodeAlone() throws {
        let broker = try Broker()
        let answer = try broker.produce(Self.orderTopic, [(nil, Array("x".utf8))], version: 7)
        #expect(answer.errorCode == .invalidRecord)
        let response = ProduceResponse(topics: [.init(name: Self.orderTopic, partitions: [answer])])
        // v7 has no record_errors or error_message on the wire; v8 carries them.
        var v7 = ByteBuffer(), v8 = ByteBuffer()
        try response.encode(version: 7, into: &v7)
        try response.encode(version: 8, into: &v8)
        #expect(v8.readableBytes > v7.readableBytes + answer.errorMessage!.utf8.count)
    }

    @Test func gzipBatchesAreValidatedToo() throws {
        let broker = try Broker()
        let answer = try broker.produce(Self.orderTopic, [(nil, try Self.validOrder(broker)), (nil, Array("{}".utf8))], compression: .gzip)
        #expect(answer.errorCode == .invalidRecord)
        #expect(answer.recordErrors.map(\.batchIndex) == [1])
    }

    @Test func dlqRoutesInvalidRecordsWithHeadersAndAcceptsTheRest() throws {
        let broker = try Broker(onInvalid: .dlq)
        let order = try Self.validOrder(broker)
        let json = Array(#"{"eventId": "x"}"#.utf8)
        let answer = try broker.produce(Self.orderTopic, values: [order, json, order])
        #expect(answer.errorCode == .noError)
        #expect(answer.recordErrors.isEmpty)
        #expect(try broker.stored(Self.orderTopic).map { Array(buffer: $0.value!) } == [order, order])
        let dead = try broker.stored(Self.orderTopic + ".dlq")
        #expect(dead.count == 1)
        let record = try #require(dead.first)
        #expect(Array(buffer: record.value!) == json)
        let headers = Dictionary(record.headers.map { ($0.key, String(buffer: $0.value!)) }, uniquingKeysWith: { a, _ in a })
        #expect(headers["trace"] == "x")
        #expect(headers["herald.error"] == "record 1: no Confluent framing (first byte 0x7b: looks like JSON)")
        #expect(headers["herald.error.rule"] == "PRODUCE_NOT_FRAMED")
        #expect(headers["herald.original.topic"] == Self.orderTopic)
        #expect(headers["herald.original.partition"] == "0")
        #expect(headers["herald.schema.id"] == nil)
        #expect(broker.validator.statistics?.counts[Self.orderTopic] == .init(accepted: 2, deadLettered: 1))

        // A batch with nothing valid: all of it goes to the DLQ, with the schema ID it named.
        let unknown = Self.framed(731, try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json"))
        #expect(try broker.produce(Self.orderTopic, values: [unknown]).errorCode == .noError)
        let second = try #require(try broker.stored(Self.orderTopic + ".dlq").last)
        #expect(second.headers.first { $0.key == "herald.schema.id" }.map { String(buffer: $0.value!) } == "731")
        #expect(second.headers.first { $0.key == "herald.error.rule" }.map { String(buffer: $0.value!) } == "PRODUCE_SCHEMA_NOT_REGISTERED")
        #expect(try broker.stored(Self.orderTopic).count == 2)
    }

    @Test func dlqKeepsIdempotentSequencesAndAnswersRetriesAsDuplicates() throws {
        let broker = try Broker(onInvalid: .dlq)
        let order = try Self.validOrder(broker)
        let producer = broker.state.allocateProducerId()
        let first = try broker.produce(Self.orderTopic, values: [order, Array("bad".utf8)], producerId: producer, epoch: 0, sequence: 0)
        #expect(first.errorCode == .noError)
        // A retry of the same batch appends nothing again.
        let retry = try broker.produce(Self.orderTopic, values: [order, Array("bad".utf8)], producerId: producer, epoch: 0, sequence: 0)
        #expect(retry.errorCode == .noError)
        #expect(retry.baseOffset == first.baseOffset)
        #expect(try broker.stored(Self.orderTopic + ".dlq").count == 1)
        // The sequence moved past both records of the batch.
        #expect(try broker.produce(Self.orderTopic, values: [order], producerId: producer, epoch: 0, sequence: 2).errorCode == .noError)
        #expect(try broker.stored(Self.orderTopic).count == 2)
    }

    @Test func aRefusedBatchDoesNotAdvanceTheIdempotentSequence() throws {
        let broker = try Broker()
        let order = try Self.validOrder(broker)
        let producer = broker.state.allocateProducerId()
        #expect(try broker.produce(Self.orderTopic, values: [order], producerId: producer, epoch: 0, sequence: 0).errorCode == .noError)
        let refused = try broker.produce(Self.orderTopic, values: [order, Array("bad".utf8)], producerId: producer, epoch: 0, sequence: 1)
        #expect(refused.errorCode == .invalidRecord)
        // The producer renumbers after a refusal (as Kafka's clients do): the next batch takes sequence 1 again.
        #expect(try broker.produce(Self.orderTopic, values: [order], producerId: producer, epoch: 0, sequence: 1).errorCode == .noError)
        #expect(try broker.produce(Self.orderTopic, values: [order], producerId: producer, epoch: 0, sequence: 2).errorCode == .noError)
        #expect(try broker.stored(Self.orderTopic).count == 3)
    }

    @Test func aRefusedBatchNeverReachesTheDataDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-validation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let broker = try Broker(dataDirectory: directory)
        #expect(try broker.produce(Self.orderTopic, values: [Array("plain text".utf8)]).errorCode == .invalidRecord)
        func segmentBytes() throws -> Int {
            let segment = directory.appendingPathComponent("logs").appendingPathComponent(Self.orderTopic).appendingPathComponent("0.log")
            return try FileManager.default.attributesOfItem(atPath: segment.path)[.size] as? Int ?? -1
        }
        #expect(try segmentBytes() == 0)
        let text = Array("plain text".utf8)
        #expect(try broker.produce(Self.orderTopic, values: [try Self.validOrder(broker)]).errorCode == .noError)
        let bytes = try segmentBytes()
        #expect(bytes > 0)
        let contents = try FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { !$0.hasDirectoryPath }.map { url in
                // A handle, not Data(contentsOf:), which leaks 4 KiB per empty file on Linux.
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                return try handle.readToEnd() ?? Data()
            }
        #expect(!contents.contains { $0.range(of: Data(text)) != nil })
    }

    @Test func plansAreCompiledOncePerGeneration() throws {
        let source = CatalogSchemaSource()
        let broker = try Broker(source: source)
        let order = try Self.validOrder(broker)
        _ = try broker.produce(Self.orderTopic, values: [order])
        let lookups = source.lookups
        for _ in 0..<5 { _ = try broker.produce(Self.orderTopic, values: [order, order]) }
        #expect(source.lookups == lookups)
        // A new registration is a new generation: the new ID is accepted from the next batch on.
        let schema = try #require(BundledCatalog.resolved.event(named: "order.placed.v2")?.latest?.schema)
        let id = source.register(schema, under: Self.orderSubject)
        let body = try BundledCatalog.encodedExample("order.placed.v2", "solstice-fleet.json")
        #expect(try broker.produce(Self.orderTopic, values: [Self.framed(id, body)]).errorCode == .noError)
    }

    static func firstExample(_ event: String, in folder: String) throws -> String {
        let resolved = try #require(BundledCatalog.resolved.event(named: event))
        let directory = BundledCatalog.root.appendingPathComponent(resolved.folder.hasPrefix("schemas/") ? String(resolved.folder.dropFirst(8)) : resolved.folder)
            .appendingPathComponent("examples").appendingPathComponent(folder)
        return try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted().first)
    }
}

extension ProduceValidationTests.Broker {
    /// The same broker state behind another request handler (another validator).
    static func with(handler: KafkaRequestHandler, _ broker: Self) -> Self {
        Self(state: broker.state, handler: handler, source: broker.source, validator: broker.validator)
    }

    init(state: BrokerState, handler: KafkaRequestHandler, source: CatalogSchemaSource, validator: ContractValidator) {
        self.state = state
        self.handler = handler
        self.source = source
        self.validator = validator
    }
}

/// A resolved catalog with no events, for a registry that holds no subjects.
enum ResolvedCatalogWithoutEvents {
    static func make() -> ResolvedCatalog {
        var catalog = BundledCatalog.resolved
        catalog.events = []
        catalog.eventIndex = [:]
        return catalog
    }
}
