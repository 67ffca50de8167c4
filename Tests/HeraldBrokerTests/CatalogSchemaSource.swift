import Foundation
import HeraldAvro
import HeraldBroker
import HeraldCatalog
import NIOConcurrencyHelpers
import Testing

/// The bundled catalog, resolved for each use. Not kept in a static: LeakSanitizer cannot see references whose enum
/// tag sits in a pointer's spare bits, and the part of a catalog resolved on dispatch's worker threads has no frame
/// a suppression could name (docs/testing.md, "Sanitizers").
enum BundledCatalog {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")
    static var resolved: ResolvedCatalog {
        let files = try! DirectoryCatalogSource(directory: root, displayRoot: "schemas").load()
        return CatalogResolver().resolve(CatalogParser().parse(files))
    }

    /// The Avro binary encoding of an example file of `event`, e.g. `solstice-fleet.json`.
    static func encodedExample(_ event: String, _ file: String, version: Int? = nil) throws -> [UInt8] {
        let resolved = try #require(Self.resolved.event(named: event))
        let schema = try #require(version.map { number in resolved.versions.first { $0.number == number }?.schema } ?? resolved.latest?.schema)
        let path = root.appendingPathComponent(resolved.folder.hasPrefix("schemas/") ? String(resolved.folder.dropFirst(8)) : resolved.folder)
            .appendingPathComponent("examples").appendingPathComponent(file)
        let json = try JSONParser().parse(Array(try Data(contentsOf: path)))
        return try AvroBinaryEncoder(schema: schema).encode(try AvroJSONReader(schema: schema).read(json))
    }
}

/// A registry stand-in for unit tests: the catalog's subjects with IDs numbered in catalog order (each event's value
/// versions, then its key schema), plus whatever a test registers. The validator is tested against this double;
/// the real registry is exercised end to end by the interop tests.
final class CatalogSchemaSource: ProduceSchemaSource, @unchecked Sendable {
    private let lock = NIOLock()
    private var subjects: [String: [UInt32]] = [:]
    private var schemas: [UInt32: AvroSchema] = [:]
    private var nextID: UInt32 = 1
    private var currentGeneration: UInt64 = 1
    private(set) var lookups = 0

    init(catalog: ResolvedCatalog = BundledCatalog.resolved) {
        for event in catalog.events {
            for version in event.versions {
                if let schema = version.schema { register(schema, under: event.topic + "-value") }
            }
            if let key = event.keySchema { register(key, under: event.topic + "-key") }
        }
    }

    /// Registers `schema` under `subject` with the next ID; a new generation.
    @discardableResult
    func register(_ schema: AvroSchema, under subject: String) -> UInt32 {
        lock.withLock {
            let id = nextID
            nextID += 1
            schemas[id] = schema
            subjects[subject, default: []].append(id)
            currentGeneration += 1
            return id
        }
    }

    /// Parses and registers a schema given as JSON text.
    @discardableResult
    func register(json: String, under subject: String) throws -> UInt32 {
        let schema = try #require(AvroSchemaParser().parse(json, file: "test.avsc").schema)
        return register(schema, under: subject)
    }

    func ids(_ subject: String) -> [UInt32] { lock.withLock { subjects[subject] ?? [] } }

    var generation: UInt64 { lock.withLock { currentGeneration } }

    func schemaIDs(subject: String) -> Set<UInt32>? {
        lock.withLock {
            lookups += 1
            return subjects[subject].map(Set.init)
        }
    }

    func schema(id: UInt32) -> AvroSchema? {
        lock.withLock {
            lookups += 1
            return schemas[id]
        }
    }
}
