import ArgumentParser
import Foundation
import HeraldBroker
import HeraldCatalog
import HeraldRegistry
import HeraldServer
import Logging
import ServiceLifecycle

/// `herald broker`: runs the embedded Kafka-protocol broker until SIGINT/SIGTERM.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka-protocol broker (loopback by default)."
    )

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("kafka-port"), help: "Kafka listener port (0 picks a free port).")
    var kafkaPort = 9092

    @Option(name: .customLong("registry-port"), help: "Schema Registry API port (0 picks a free port).")
    var registryPort = 8081

    @Flag(name: .customLong("no-registry"), help: "Do not serve the Schema Registry API.")
    var noRegistry = false

    @Option(name: .customLong("data-dir"), help: "Persist logs, topics, committed offsets, producer ids and registry changes here.")
    var dataDir: String?

    @Option(name: .customLong("topic"), help: "A topic that exists from the start, NAME[:PARTITIONS]; repeatable.")
    var topics: [String] = []

    @Option(help: "Catalog whose event and dead-letter topics exist from the start (default: schemas, when that folder exists).")
    var catalog: String?

    @Flag(name: .customLong("no-catalog"), help: "Start without the catalog's topics.")
    var noCatalog = false

    @Option(name: .customLong("default-partitions"), help: "Partitions of auto-created topics.")
    var defaultPartitions: Int32 = 1

    @Option(name: .customLong("retention-bytes"), help: "Keep at most this many bytes per partition.")
    var retentionBytes: Int?

    @Option(name: .customLong("retention-ms"), help: "Drop batches older than this many milliseconds.")
    var retentionMs: Int64?

    @Option(name: .customLong("max-frame-bytes"), help: "Largest request frame accepted.")
    var maxFrameBytes = 100 * 1024 * 1024

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65_535).contains(kafkaPort) else { throw ValidationError("--kafka-port must be between 0 and 65535") }
        guard (0...65_535).contains(registryPort) else { throw ValidationError("--registry-port must be between 0 and 65535") }
        guard defaultPartitions >= 1 else { throw ValidationError("--default-partitions must be at least 1") }
        guard maxFrameBytes >= 1024 else { throw ValidationError("--max-frame-bytes must be at least 1024") }
        if let retentionBytes, retentionBytes < 1 { throw ValidationError("--retention-bytes must be positive") }
        if let retentionMs, retentionMs < 1 { throw ValidationError("--retention-ms must be positive") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        if noCatalog && catalog != nil { throw ValidationError("--catalog and --no-catalog exclude each other") }
        for spec in topics where TopicName.parseSpec(spec, defaultPartitions: defaultPartitions) == nil {
            throw ValidationError("invalid --topic '\(spec)': expected NAME[:PARTITIONS] with NAME matching [A-Za-z0-9._-]{1,249}")
        }
    }

    func run() async throws {
        var config = BrokerConfiguration()
        config.host = host
        config.kafkaPort = kafkaPort
        config.dataDirectory = dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        config.defaultPartitions = defaultPartitions
        config.retention = RetentionPolicy(maxBytes: retentionBytes, maxAgeMs: retentionMs)
        config.maxFrameBytes = maxFrameBytes
        let catalog = try loadCatalog()
        for topic in catalog?.resolved.topics ?? [] {
            config.initialTopics[topic.name] = Int32(clamping: topic.partitions)
        }
        for spec in topics {
            if let topic = TopicName.parseSpec(spec, defaultPartitions: defaultPartitions) { config.initialTopics[topic.name] = topic.partitions }
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        var logger = Logger(label: "herald.broker") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        let state: BrokerState
        do {
            state = try BrokerState(configuration: config, clock: { Int64(Date().timeIntervalSince1970 * 1000) }, logger: logger)
        } catch {
            throw fail("cannot open the broker's data in \(dataDir ?? "memory"): \(error.localizedDescription)")
        }
        // The registry exists even with --no-registry (only its HTTP API is off): produce-time validation reads it
        // through `RegistrySchemaSource(registry:)`.
        let registry = try openRegistry(catalog: catalog, logger: logger)
        let displayHost = host
        let service = KafkaBrokerService(configuration: config, state: state, logger: logger) { address in
            let line = "herald broker listening on \(displayHost):\(address.port ?? 0)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        // Either service ending (a port that cannot be bound, say) shuts the other down gracefully: the Kafka
        // listener waits for graceful shutdown, not for task cancellation.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if !noRegistry {
            let application = registryApplication(
                registry: registry, host: host, port: registryPort, logger: logger
            ) { port in
                FileHandle.standardOutput.write(Data("herald registry listening on http://\(displayHost):\(port)\n".utf8))
            }
            services.append(.init(service: application, successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw fail("broker stopped: \(error)")
        }
    }
}

extension BrokerCommand {
    /// The catalog from `--catalog`, else from `schemas/` when it exists; nil with `--no-catalog`.
    func loadCatalog() throws -> (parsed: ParsedCatalog, resolved: ResolvedCatalog)? {
        if noCatalog { return nil }
        let directory = catalog ?? "schemas"
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if catalog == nil && !(exists && isDirectory.boolValue) { return nil }
        guard exists && isDirectory.boolValue else {
            throw fail("--catalog \(directory): \(exists ? "is a file; expected the catalog folder" : "no such folder")")
        }
        do {
            let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: directory), displayRoot: directory).load()
            let parsed = CatalogParser().parse(files)
            return (parsed, CatalogResolver().resolve(parsed))
        } catch {
            throw fail("cannot load the catalog in \(directory): \(error)")
        }
    }

    /// The registry: preloaded from the catalog, then the changes stored in `--data-dir` replayed over it.
    func openRegistry(catalog: (parsed: ParsedCatalog, resolved: ResolvedCatalog)?, logger: Logger) throws -> LiveRegistry {
        var state = RegistryState()
        if let catalog {
            let preload = CatalogPreload(parsed: catalog.parsed, resolved: catalog.resolved)
            for warning in preload.warnings { logger.warning("registry preload: \(warning)") }
            state = preload.state
            logger.info("registry preloaded", metadata: [
                "subjects": "\(state.subjects.count)", "schemas": "\(state.schemas.count)"])
        }
        let directory = dataDir.map { URL(fileURLWithPath: $0, isDirectory: true).appendingPathComponent("registry") }
        do {
            let opening = try LiveRegistry.open(state: state, storeDirectory: directory)
            for warning in opening.warnings { logger.warning("registry store: \(warning)") }
            if directory != nil { logger.info("registry store replayed", metadata: ["changes": "\(opening.replayedChanges)"]) }
            return opening.registry
        } catch {
            throw fail("cannot open the registry's store in \(directory?.path ?? "memory"): \(error)")
        }
    }
}

/// Reports why the broker could not run on stderr and returns the design note's exit code 2 (Herald could not run).
private func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("herald broker: \(message)\n".utf8))
    return ExitCode(2)
}
