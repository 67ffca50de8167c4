import HeraldAvro
import HeraldCatalog

/// One registered schema prepared for checking: its decode plan and where the event's ID field sits.
struct CompiledSchema: Sendable {
    let id: UInt32
    let decoder: AvroBinaryDecoder
    init(id: UInt32, schema: AvroSchema) {
        self.id = id
        self.decoder = AvroBinaryDecoder(schema: schema)
    }
}

/// A subject's live schema IDs with their compiled schemas.
struct SubjectPlan: Sendable {
    let subject: String
    /// The live IDs, ascending (for messages).
    let ids: [UInt32]
    /// Per schema ID, its compiled check, reporting the ID field where there is one.
    let checkers: [UInt32: AvroDatumChecker]
    /// The same checks in a list, searched in order: a subject has few IDs, and a scan of a few integers is
    /// cheaper than hashing one.
    let checkerList: [(id: UInt32, checker: AvroDatumChecker)]

    init(subject: String, ids: [UInt32], checkers: [UInt32: AvroDatumChecker]) {
        self.subject = subject
        self.ids = ids
        self.checkers = checkers
        // Newest first: producers mostly write the latest version.
        self.checkerList = checkers.sorted { $0.key > $1.key }.map { (id: $0.key, checker: $0.value) }
    }

    /// The check of schema `id`, when it is live under the subject.
    @inline(__always)
    func checker(_ id: UInt32) -> AvroDatumChecker? {
        if checkerList.count > 16 { return checkers[id] }
        for entry in checkerList where entry.id == id { return entry.checker }
        return nil
    }
}

/// Which check a checker was compiled for: a schema and the root field it reports.
struct CheckerKey: Hashable, Sendable {
    let id: UInt32
    let rootField: Int?
}

/// What one topic is checked against.
struct TopicPlan: Sendable {
    let contract: TopicContract
    let value: SubjectPlan
    let key: SubjectPlan?
    /// Where invalid records go; nil means refuse the batch.
    let deadLetterTopic: String?
}

/// Every topic's plan for one registry generation: built once per generation, then read without lookups.
final class CompiledContracts: Sendable {
    let generation: UInt64
    /// Topics whose value subject exists.
    let topics: [String: TopicPlan]
    /// Compiled schemas by ID, reused by the next generation (a registered ID never changes its schema).
    let schemas: [UInt32: CompiledSchema]
    /// Compiled checks, reused by the next generation like the schemas.
    let checkers: [CheckerKey: AvroDatumChecker]

    init(generation: UInt64, contracts: [String: TopicContract], source: any ProduceSchemaSource, reusing previous: CompiledContracts?) {
        var schemas: [UInt32: CompiledSchema] = [:]
        func compiled(_ id: UInt32) -> CompiledSchema? {
            if let known = schemas[id] ?? previous?.schemas[id] {
                schemas[id] = known
                return known
            }
            guard let schema = source.schema(id: id) else { return nil }
            let made = CompiledSchema(id: id, schema: schema)
            schemas[id] = made
            return made
        }
        var checkers: [CheckerKey: AvroDatumChecker] = [:]
        func checker(_ schema: CompiledSchema, rootField: Int?) -> AvroDatumChecker {
            let key = CheckerKey(id: schema.id, rootField: rootField)
            if let known = checkers[key] ?? previous?.checkers[key] {
                checkers[key] = known
                return known
            }
            let made = AvroDatumChecker(decoder: schema.decoder, rootField: rootField)
            checkers[key] = made
            return made
        }
        func subjectPlan(_ subject: String, idField: String?) -> SubjectPlan? {
            guard let ids = source.schemaIDs(subject: subject) else { return nil }
            var checks: [UInt32: AvroDatumChecker] = [:]
            for id in ids {
                guard let schema = compiled(id) else { continue }
                checks[id] = checker(schema, rootField: idField.flatMap { schema.decoder.rootFieldIndex(named: $0) })
            }
            return SubjectPlan(subject: subject, ids: checks.keys.sorted(), checkers: checks)
        }
        var topics: [String: TopicPlan] = [:]
        for (topic, contract) in contracts {
            guard let value = subjectPlan(contract.valueSubject, idField: contract.idField) else { continue }
            topics[topic] = TopicPlan(
                contract: contract, value: value, key: subjectPlan(contract.keySubject, idField: nil),
                deadLetterTopic: contract.onInvalid == .dlq ? contract.deadLetterTopic : nil)
        }
        self.generation = generation
        self.topics = topics
        self.schemas = schemas
        self.checkers = checkers
    }
}
