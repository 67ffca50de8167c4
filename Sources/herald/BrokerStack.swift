import ArgumentParser
import Foundation
import HeraldBroker
import HeraldCatalog
import HeraldRegistry
import HeraldServer
import Logging
import ServiceLifecycle

/// The broker and the registry as `herald broker` runs them, for every command that starts them (`broker`, `serve`).
struct BrokerStack {
    /// What the broker and the registry are started with; each field is one of `herald broker`'s options.
    struct Options {
        var host = "127.0.0.1"
        var kafkaPort = 9092
        var registryPort = 8081
        var servesRegistry = true
        var dataDir: String?
        var topics: [String] = []
        var validation = true
        var defaultPartitions: Int32 = 1
        var retention = RetentionPolicy(maxBytes: nil, maxAgeMs: nil)
        var maxFrameBytes = 100 * 1024 * 1024
        var fsync = FsyncPolicy.always
        var fsyncIntervalMs: Int64 = 1_000
        var idleTimeoutMs: Int64 = 600_000
        var maxConnections = 1_000
        var testProduceAckDelayMs: Int64 = 0
        /// Where refused produce attempts are kept (for `herald serve`'s live layer); none kept when nil.
        var refusals: RefusalLog?
    }

    typealias LoadedCatalog = (parsed: ParsedCatalog, resolved: ResolvedCatalog)

    var options: Options
    var logger: Logger
    /// Prefix of the messages `fail` writes, such as `herald broker`.
    var command: String

    /// The Kafka listener and, unless turned off, the registry API, each ending the group when it ends; prints
    /// `herald broker listening on HOST:PORT` and `herald registry listening on http://HOST:PORT` once bound.
    /// `requests` answers produce attempts in-process exactly as the Kafka listener does.
    func services(catalog: LoadedCatalog?) throws -> (services: [ServiceGroupConfiguration.ServiceConfiguration], registry: LiveRegistry,
                                                       broker: BrokerState, requests: KafkaRequestHandler) {
        var config = BrokerConfiguration()
        config.host = options.host
        config.kafkaPort = options.kafkaPort
        config.dataDirectory = options.dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        config.defaultPartitions = options.defaultPartitions
        config.retention = options.retention
        config.maxFrameBytes = options.maxFrameBytes
        config.fsync = options.fsync
        config.fsyncIntervalMs = options.fsyncIntervalMs
        config.idleTimeoutMs = options.idleTimeoutMs
        config.maxConnections = options.maxConnections
        config.testProduceAckDelayMs = options.testProduceAckDelayMs
        for topic in catalog?.resolved.topics ?? [] {
            config.initialTopics[topic.name] = Int32(clamping: topic.partitions)
        }
        for spec in options.topics {
            if let topic = TopicName.parseSpec(spec, defaultPartitions: options.defaultPartitions) { config.initialTopics[topic.name] = topic.partitions }
        }
        let state: BrokerState
        do {
            state = try BrokerState(configuration: config, clock: { Int64(Date().timeIntervalSince1970 * 1000) }, logger: logger)
        } catch {
            throw fail("cannot open the broker's data in \(options.dataDir ?? "memory"): \(error.localizedDescription)")
        }
        // The registry exists even without its HTTP API: produce-time validation reads it through
        // `RegistrySchemaSource(registry:)`.
        let registry = try openRegistry(catalog: catalog)
        let displayHost = options.host
        // Records on topics with a subject in the registry are checked against it.
        var validator = ProduceValidation.validator(
            catalog: catalog?.resolved, source: RegistrySchemaSource(registry: registry), enabled: options.validation)
        if let refusals = options.refusals { validator = RefusalRecordingValidator(validator, log: refusals) }
        let service = KafkaBrokerService(configuration: config, state: state, validator: validator, logger: logger) { address in
            printLine("herald broker listening on \(displayHost):\(address.port ?? 0)")
        }
        // Either service ending (a port that cannot be bound, say) shuts the other down gracefully: the Kafka
        // listener waits for graceful shutdown, not for task cancellation.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if options.servesRegistry {
            let application = registryApplication(
                registry: registry, host: options.host, port: options.registryPort, logger: logger
            ) { port in
                printLine("herald registry listening on http://\(displayHost):\(port)")
            }
            services.append(.init(service: application, successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        return (services, registry, state, KafkaRequestHandler(state: state, validator: validator, logger: logger))
    }

    /// The catalog in `directory` parsed and resolved (errors and all: the broker runs on what it can read).
    func loadCatalog(_ directory: String) throws -> LoadedCatalog {
        do {
            let files = try DirectoryCatalogSource(directory: URL(fileURLWithPath: directory), displayRoot: directory).load()
            let parsed = CatalogParser().parse(files)
            return (parsed, CatalogResolver().resolve(parsed))
        } catch {
            throw fail("cannot load the catalog in \(directory): \(error)")
        }
    }

    /// The registry: preloaded from the catalog, then the changes stored in `--data-dir` replayed over it.
    func openRegistry(catalog: LoadedCatalog?) throws -> LiveRegistry {
        var state = RegistryState()
        if let catalog {
            let preload = CatalogPreload(parsed: catalog.parsed, resolved: catalog.resolved)
            for warning in preload.warnings { logger.warning("registry preload: \(warning)") }
            state = preload.state
            logger.info("registry preloaded", metadata: [
                "subjects": "\(state.subjects.count)", "schemas": "\(state.schemas.count)"])
        }
        let directory = options.dataDir.map { URL(fileURLWithPath: $0, isDirectory: true).appendingPathComponent("registry") }
        do {
            let opening = try LiveRegistry.open(state: state, storeDirectory: directory)
            for warning in opening.warnings { logger.warning("registry store: \(warning)") }
            if directory != nil { logger.info("registry store replayed", metadata: ["changes": "\(opening.replayedChanges)"]) }
            return opening.registry
        } catch {
            throw fail("cannot open the registry's store in \(directory?.path ?? "memory"): \(error)")
        }
    }

    /// Reports why the command could not run on stderr and returns the design note's exit code 2 (Herald could not run).
    func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("\(command): \(message)\n".utf8))
        return ExitCode(2)
    }

    /// A logger writing to standard error at `level`.
    static func logger(label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label) { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        return logger
    }
}

/// Writes one line to standard output (the ready lines tests wait for).
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
