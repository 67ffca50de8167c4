import Foundation
import HeraldAvro
import HeraldBenchAllocations
import HeraldBroker
import HeraldCatalog
import HeraldKafkaProtocol
import NIOCore

/// `herald-bench produce-validation CATALOG EVENT EXAMPLE.json [SECONDS] [RECORDS]`: the broker's produce-time check
/// of one batch of RECORDS (default 100) Confluent-framed records of EVENT's latest version, validated by the
/// contract validator against the catalog's schemas, beside the shape check every produce runs anyway. Prints one
/// JSON object per operation with records per second and heap allocations per record. Thread CPU time.
@Sendable func benchProduceValidation(_ arguments: [String]) throws {
    guard arguments.count >= 3 else {
        FileHandle.standardError.write(Data("usage: herald-bench produce-validation CATALOG EVENT EXAMPLE.json [SECONDS] [RECORDS]\n".utf8))
        exit(2)
    }
    let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 1 : 1
    let recordCount = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100
    let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: arguments[0]), displayRoot: arguments[0]).load()
    let catalog = CatalogResolver().resolve(CatalogParser().parse(files))
    guard let event = catalog.event(named: arguments[1]), let schema = event.latest?.schema else {
        FileHandle.standardError.write(Data("no event \(arguments[1]) with a valid latest version\n".utf8))
        exit(2)
    }
    let source = CatalogSubjects(catalog)
    guard let id = source.schemaIDs(subject: event.topic + "-value")?.max() else { exit(2) }
    let json = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2]))))
    let body = try AvroBinaryEncoder(schema: schema).encode(try AvroJSONReader(schema: schema).read(json))
    let value = ConfluentFrame.encode(schemaID: id, body: body)
    let records = (0..<recordCount).map { index in
        KafkaRecord(offsetDelta: Int32(index), key: ByteBuffer(string: "order-\(index)"), value: ByteBuffer(bytes: value))
    }
    var header = RecordBatchHeader()
    header.baseTimestamp = 1_000
    let batch = try RecordBatch(records: records, header: header)
    let validator = ContractValidator(contracts: TopicContract.contracts(from: catalog), source: source)
    let limits = RecordBatchLimits()
    guard case .accepted = try validator.validate(topic: event.topic, partition: 0, batch: batch, limits: limits) else {
        FileHandle.standardError.write(Data("the framed example does not validate\n".utf8))
        exit(2)
    }
    var sink = 0
    let operations: [(String, () throws -> Int)] = [
        ("shape-check", { try batch.checkRecords(limits: limits); return 1 }),
        ("validate", {
            if case .accepted = try validator.validate(topic: event.topic, partition: 0, batch: batch, limits: limits) { return 1 }
            return 0
        }),
    ]
    for (name, operation) in operations {
        for _ in 0..<100 { sink &+= try operation() }
        var iterations = 100
        var elapsed = 0.0
        while true {
            let start = threadCPUNanoseconds()
            for _ in 0..<iterations { sink &+= try operation() }
            elapsed = Double(threadCPUNanoseconds() - start) / 1e9
            if elapsed >= seconds / 4 { break }
            iterations *= 4
        }
        let total = max(1, Int(Double(iterations) * seconds / max(elapsed, 1e-9)))
        let allocationsBefore = herald_bench_allocation_count()
        let start = threadCPUNanoseconds()
        for _ in 0..<total { sink &+= try operation() }
        let nanoseconds = Double(threadCPUNanoseconds() - start)
        let allocationsAfter = herald_bench_allocation_count()
        let batches = Double(total)
        let perRecord = allocationsBefore < 0 ? "null" : String(format: "%.4f", Double(allocationsAfter - allocationsBefore) / (batches * Double(recordCount)))
        let perBatch = allocationsBefore < 0 ? "null" : String(format: "%.2f", Double(allocationsAfter - allocationsBefore) / batches)
        print(String(format: #"{"area":"produce-validation","op":"%@","records_per_sec":%.0f,"ns_per_record":%.1f,"allocations_per_record":%@,"allocations_per_batch":%@,"records_per_batch":%d,"value_bytes":%d}"#,
                     name, batches * Double(recordCount) / (nanoseconds / 1e9), nanoseconds / (batches * Double(recordCount)),
                     perRecord, perBatch, recordCount, value.count))
    }
    if sink == 42 { print("") }
}

/// The catalog's subjects with IDs numbered in catalog order, as a registry preloaded from it would hold them.
struct CatalogSubjects: ProduceSchemaSource {
    let subjects: [String: Set<UInt32>]
    let schemas: [UInt32: AvroSchema]

    init(_ catalog: ResolvedCatalog) {
        var subjects: [String: Set<UInt32>] = [:]
        var schemas: [UInt32: AvroSchema] = [:]
        var next: UInt32 = 1
        for event in catalog.events {
            for version in event.versions {
                guard let schema = version.schema else { continue }
                schemas[next] = schema
                subjects[event.topic + "-value", default: []].insert(next)
                next += 1
            }
        }
        self.subjects = subjects
        self.schemas = schemas
    }

    var generation: UInt64 { 1 }
    func schemaIDs(subject: String) -> Set<UInt32>? { subjects[subject] }
    func schema(id: UInt32) -> AvroSchema? { schemas[id] }
}
