import Foundation
import HeraldAvro
import HeraldBroker
import HeraldCatalog
import HeraldDelivery
import HeraldKafkaProtocol
import HeraldRegistry
import Logging
import NIOCore
@testable import HeraldServer

/// A real broker state (in memory), the registry preloaded from the bundled catalog, produce-time validation with
/// the refusal log, and the live layer over them: what `herald serve` wires, without sockets.
struct LiveFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")
    /// Loaded for each fixture, not kept in a static: LeakSanitizer cannot see references whose enum tag sits in a
    /// pointer's spare bits, and the part resolved on dispatch's worker threads has no frame a suppression could
    /// name (docs/testing.md, "Sanitizers").
    static func loadCatalog() -> (parsed: ParsedCatalog, resolved: ResolvedCatalog) {
        let files = try! DirectoryCatalogSource(directory: root, displayRoot: "schemas").load()
        let parsed = CatalogParser().parse(files)
        return (parsed, CatalogResolver().resolve(parsed))
    }

    /// The live registry as produce-time validation reads it.
    struct Source: ProduceSchemaSource {
        let registry: LiveRegistry
        var generation: UInt64 { registry.generation }
        func schemaIDs(subject: String) -> Set<UInt32>? { registry.liveSchemaIDs(subject: subject) }
        func schema(id: UInt32) -> AvroSchema? { registry.parsedSchema(id: id) }
    }

    let catalog: (parsed: ParsedCatalog, resolved: ResolvedCatalog)
    let state: BrokerState
    let registry: LiveRegistry
    let requests: KafkaRequestHandler
    let refusals: RefusalLog
    let layer: LiveLayer
    var now: Int64 = 1_767_225_600_000

    init(refusalCapacity: Int = 500, deliveries: DeliveryBoard? = nil) throws {
        let catalog = Self.loadCatalog()
        self.catalog = catalog
        var config = BrokerConfiguration()
        for topic in catalog.resolved.topics { config.initialTopics[topic.name] = Int32(clamping: topic.partitions) }
        // A topic no event publishes on, so nothing checks it.
        config.initialTopics["scratch"] = 1
        let logger = Logger(label: "live-test") { _ in SwiftLogNoOpLogHandler() }
        state = try BrokerState(configuration: config, clock: { 1_767_225_600_000 }, logger: logger)
        registry = LiveRegistry(state: CatalogPreload(parsed: catalog.parsed, resolved: catalog.resolved).state)
        refusals = RefusalLog(capacity: refusalCapacity)
        let validator = RefusalRecordingValidator(
            ProduceValidation.validator(catalog: catalog.resolved, source: Source(registry: registry)), log: refusals, clock: { 1_767_225_600_000 })
        requests = KafkaRequestHandler(state: state, validator: validator, logger: logger)
        layer = LiveLayer(catalog: catalog.resolved, requests: requests, registry: registry, source: Source(registry: registry), refusals: refusals,
                          deliveries: deliveries)
    }

    /// An example file of `event` as the bytes a client would send.
    func example(_ event: String, _ file: String) throws -> [UInt8] {
        let resolved = catalog.resolved.event(named: event)!
        let folder = resolved.folder.hasPrefix("schemas/") ? String(resolved.folder.dropFirst(8)) : resolved.folder
        return Array(try Data(contentsOf: Self.root.appendingPathComponent(folder).appendingPathComponent("examples").appendingPathComponent(file)))
    }

    /// Produces one record as a Kafka client would, through the broker's produce path; the partition's answer.
    @discardableResult
    func produce(topic: String, partition: Int32 = 0, key: [UInt8]?, value: [UInt8]?, headers: [(String, String)] = []) throws -> ProduceResponse.Partition {
        var header = RecordBatchHeader()
        header.baseTimestamp = now
        header.maxTimestamp = now
        let record = KafkaRecord(offsetDelta: 0, key: key.map { ByteBuffer(bytes: $0) }, value: value.map { ByteBuffer(bytes: $0) },
                                 headers: headers.map { KafkaRecordHeader(key: $0.0, value: ByteBuffer(string: $0.1)) })
        let batch = try RecordBatch(records: [record], header: header)
        var request = ProduceRequest()
        request.topics = [.init(name: topic, partitions: [.init(index: partition, records: batch.bytes)])]
        return requests.produceInProcess(request).topics[0].partitions[0]
    }
}
