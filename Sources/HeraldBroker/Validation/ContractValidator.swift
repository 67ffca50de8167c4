import HeraldAvro
import HeraldKafkaProtocol
import NIOConcurrencyHelpers

/// Produce-time validation against the catalog's contracts and the registry's schemas. On a topic whose value
/// subject exists, every value must be Confluent-framed with an ID live under that subject, decode completely under
/// that schema and carry the event's ID field, non-empty; keys likewise where the key subject exists. Other topics
/// accept any bytes.
///
/// Plans are compiled once per registry generation; a valid record costs no registry lookup and no allocation.
public final class ContractValidator: ProduceValidator {
    let contracts: [String: TopicContract]
    let source: any ProduceSchemaSource
    let cache = NIOLockedValueBox<CompiledContracts?>(nil)
    /// Counts per topic of accepted, refused and dead-lettered records.
    public let statistics: ProduceStatistics?

    /// A validator of `contracts` (one per topic) against the schemas of `source`.
    public init(contracts: [TopicContract], source: any ProduceSchemaSource, statistics: ProduceStatistics = ProduceStatistics()) {
        self.contracts = Dictionary(contracts.map { ($0.topic, $0) }, uniquingKeysWith: { first, _ in first })
        self.source = source
        self.statistics = statistics
    }

    /// The plans of the source's current generation, compiled on first use after a change.
    func plans() -> CompiledContracts {
        let generation = source.generation
        let cached = cache.withLockedValue { $0 }
        if let cached, cached.generation == generation { return cached }
        let fresh = CompiledContracts(generation: generation, contracts: contracts, source: source, reusing: cached)
        cache.withLockedValue { $0 = fresh }
        return fresh
    }

    public func validate(topic: String, partition: Int32, batch: RecordBatch, limits: RecordBatchLimits) throws -> RecordValidationResult {
        guard let plan = plans().topics[topic] else {
            try batch.checkRecords(limits: limits)
            return .accepted
        }
        var errors: [RecordValidationError] = []
        try batch.forEachPayload(limits: limits) { payload in
            if let problem = Self.check(payload.value, against: plan.value, idField: plan.contract.idField)
                ?? plan.key.flatMap({ Self.check(payload.key, against: $0, idField: nil).map { $0.onKey() } }) {
                errors.append(RecordValidationError(
                    batchIndex: Int32(truncatingIfNeeded: payload.index), message: "record \(payload.index): " + problem.message(source: source),
                    rule: problem.rule.rawValue, schemaID: problem.schemaID))
            }
        }
        let count = Int(batch.header.recordCount)
        if errors.isEmpty {
            statistics?.add(topic: topic, accepted: count)
            return .accepted
        }
        if let deadLetterTopic = plan.deadLetterTopic {
            statistics?.add(topic: topic, accepted: count - errors.count, deadLettered: errors.count)
            return .deadLettered(topic: deadLetterTopic, errors: errors)
        }
        statistics?.add(topic: topic, accepted: 0, refused: errors.count)
        let more = errors.count > 1 ? " (and \(errors.count - 1) more invalid record\(errors.count > 2 ? "s" : ""))" : ""
        return .rejected(errors: errors, message: errors[0].message + more)
    }

    /// Checks one value or key; nil when it passes. Builds nothing unless it fails.
    static func check(_ payload: UnsafeRawBufferPointer?, against plan: SubjectPlan, idField: String?) -> RecordProblem? {
        guard let bytes = payload else { return RecordProblem(.nullPayload, .null(subject: plan.subject)) }
        guard bytes.count >= 5, bytes[0] == 0 else {
            return RecordProblem(.notFramed, .notFramed(first: Array(bytes.prefix(4)), count: bytes.count, subject: plan.subject))
        }
        let id = UInt32(bytes[1]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 8 | UInt32(bytes[4])
        guard let checker = plan.checker(id) else {
            return RecordProblem(.schemaNotRegistered, .notRegistered(subject: plan.subject, registered: plan.ids), schemaID: id)
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[5...])
        do {
            let content = try checker.check(body)
            guard let idField else { return nil }
            guard checker.rootField != nil else {
                return RecordProblem(.idFieldMissing, .idFieldAbsent(field: idField), schemaID: id)
            }
            switch content {
            case .present?, nil: return nil
            case .null?: return RecordProblem(.idFieldMissing, .idFieldNull(field: idField), schemaID: id)
            case .empty?: return RecordProblem(.idFieldMissing, .idFieldEmpty(field: idField), schemaID: id)
            }
        } catch {
            let failure = checker.decoder.diagnose(body)
                ?? DatumCheckFailure(path: "$", expected: "a datum", error: error)
            let rule: ProduceRule = if case .trailingBytes = failure.error.reason { .trailingBytes } else { .datumInvalid }
            return RecordProblem(rule, .datum(failure), schemaID: id)
        }
    }
}

/// Why one value or key failed, kept as data until a message is needed.
struct RecordProblem {
    enum Detail {
        case null(subject: String)
        case notFramed(first: [UInt8], count: Int, subject: String)
        case notRegistered(subject: String, registered: [UInt32])
        case datum(DatumCheckFailure)
        case idFieldAbsent(field: String)
        case idFieldNull(field: String)
        case idFieldEmpty(field: String)
    }

    var rule: ProduceRule
    var detail: Detail
    var schemaID: UInt32?
    var isKey = false

    init(_ rule: ProduceRule, _ detail: Detail, schemaID: UInt32? = nil) {
        self.rule = rule
        self.detail = detail
        self.schemaID = schemaID
    }

    func onKey() -> RecordProblem {
        var problem = self
        problem.isKey = true
        return problem
    }

    /// One line, without the `record N:` prefix; `source` is asked only to tell an unknown ID from a foreign one.
    func message(source: any ProduceSchemaSource) -> String {
        let part = isKey ? "key" : "value"
        let text: String
        switch detail {
        case .null(let subject):
            text = "\(part) is null; \(subject) expects a Confluent-framed Avro record"
        case .notFramed(let first, let count, let subject):
            if count == 0 {
                text = "\(part) is empty; \(subject) expects a Confluent-framed Avro record"
            } else if first[0] == 0 {
                text = "no Confluent framing (\(count) byte\(count == 1 ? "" : "s"); a framed record has magic byte 0, a 4-byte schema id and the Avro body)"
            } else {
                text = "no Confluent framing (first byte \(Self.hex(first[0]))\(Self.guess(first)))"
            }
        case .notRegistered(let subject, let registered):
            let ids = registered.isEmpty ? "none" : registered.map(String.init).joined(separator: ", ")
            let id = schemaID ?? 0
            text = source.schema(id: id) == nil
                ? "schema id \(id) is not registered under \(subject) (registered: \(ids))"
                : "schema id \(id) belongs to another subject, not \(subject) (registered: \(ids))"
        case .datum(let failure):
            text = failure.message(offsetBase: 5) + " (schema id \(schemaID ?? 0))"
        case .idFieldAbsent(let field):
            text = "schema id \(schemaID ?? 0) has no field \(field), the event's idField"
        case .idFieldNull(let field):
            text = "$.\(field) is null; the event's idField must be present and non-empty (schema id \(schemaID ?? 0))"
        case .idFieldEmpty(let field):
            text = "$.\(field) is empty; the event's idField must be present and non-empty (schema id \(schemaID ?? 0))"
        }
        return isKey && !text.hasPrefix("key") ? "key: " + text : text
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }

    /// What unframed bytes look like, from their first bytes.
    static func guess(_ first: [UInt8]) -> String {
        switch first[0] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return ": looks like JSON"
        case 0xC3 where first.count > 1 && first[1] == 0x01: return ": looks like Avro single-object encoding"
        case UInt8(ascii: "O") where first.starts(with: Array("Obj".utf8)): return ": looks like an Avro container file"
        case 0x20...0x7E, 0x09, 0x0A, 0x0D: return ": looks like text"
        default: return ""
        }
    }
}
