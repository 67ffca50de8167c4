import ArgumentParser
import Foundation
import HeraldBroker
import HeraldCatalog
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

    @Flag(name: .customLong("no-validation"), help: "Accept any bytes on every topic (no produce-time schema checks).")
    var noValidation = false

    @Option(name: .customLong("default-partitions"), help: "Partitions of auto-created topics.")
    var defaultPartitions: Int32 = 1

    @Option(name: .customLong("retention-bytes"), help: "Keep at most this many bytes per partition.")
    var retentionBytes: Int?

    @Option(name: .customLong("retention-ms"), help: "Drop batches older than this many milliseconds.")
    var retentionMs: Int64?

    @Option(name: .customLong("max-frame-bytes"), help: "Largest request frame accepted.")
    var maxFrameBytes = 100 * 1024 * 1024

    @Option(name: .customLong("fsync"),
            help: "When appended records reach stable storage: always (before each acknowledgement; a power loss loses nothing acknowledged), interval (every --fsync-interval-ms) or never (the kernel's writeback).")
    var fsync: FsyncPolicy = .always

    @Option(name: .customLong("fsync-interval-ms"), help: "How often --fsync interval syncs written segments.")
    var fsyncIntervalMs: Int64 = 1_000

    @Option(name: .customLong("idle-timeout-ms"),
            help: "Close a connection that has nothing in flight and completes no request for this long (also one stuck halfway through a frame).")
    var idleTimeoutMs: Int64 = 600_000

    @Option(name: .customLong("max-connections"), help: "Close client connections beyond this many as soon as they are accepted.")
    var maxConnections = 1_000

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("test-produce-ack-delay-ms"),
            help: ArgumentHelp("Test only: hold each Produce response this long after the append.", visibility: .hidden))
    var testProduceAckDelayMs: Int64 = 0

    func validate() throws {
        guard (0...65_535).contains(kafkaPort) else { throw ValidationError("--kafka-port must be between 0 and 65535") }
        guard (0...65_535).contains(registryPort) else { throw ValidationError("--registry-port must be between 0 and 65535") }
        guard defaultPartitions >= 1 else { throw ValidationError("--default-partitions must be at least 1") }
        guard maxFrameBytes >= 1024 else { throw ValidationError("--max-frame-bytes must be at least 1024") }
        guard fsyncIntervalMs >= 1 else { throw ValidationError("--fsync-interval-ms must be positive") }
        guard idleTimeoutMs >= 100 else { throw ValidationError("--idle-timeout-ms must be at least 100") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        if let retentionBytes, retentionBytes < 1 { throw ValidationError("--retention-bytes must be positive") }
        if let retentionMs, retentionMs < 1 { throw ValidationError("--retention-ms must be positive") }
        guard (0...600_000).contains(testProduceAckDelayMs) else {
            throw ValidationError("--test-produce-ack-delay-ms must be between 0 and 600000")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        if noCatalog && catalog != nil { throw ValidationError("--catalog and --no-catalog exclude each other") }
        for spec in topics where TopicName.parseSpec(spec, defaultPartitions: defaultPartitions) == nil {
            throw ValidationError("invalid --topic '\(spec)': expected NAME[:PARTITIONS] with NAME matching [A-Za-z0-9._-]{1,249}")
        }
    }

    func run() async throws {
        var options = BrokerStack.Options()
        options.host = host
        options.kafkaPort = kafkaPort
        options.registryPort = registryPort
        options.servesRegistry = !noRegistry
        options.dataDir = dataDir
        options.topics = topics
        options.validation = !noValidation
        options.defaultPartitions = defaultPartitions
        options.retention = RetentionPolicy(maxBytes: retentionBytes, maxAgeMs: retentionMs)
        options.maxFrameBytes = maxFrameBytes
        options.fsync = fsync
        options.fsyncIntervalMs = fsyncIntervalMs
        options.idleTimeoutMs = idleTimeoutMs
        options.maxConnections = maxConnections
        options.testProduceAckDelayMs = testProduceAckDelayMs
        let logger = BrokerStack.logger(label: "herald.broker", level: Logger.Level(rawValue: logLevel) ?? .info)
        let stack = BrokerStack(options: options, logger: logger, command: "herald broker")
        let catalog = try loadCatalog(stack)
        let services = try stack.services(catalog: catalog).services
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw stack.fail("broker stopped: \(error)")
        }
    }
}

extension BrokerCommand {
    /// The catalog from `--catalog`, else from `schemas/` when it exists; nil with `--no-catalog`.
    func loadCatalog(_ stack: BrokerStack) throws -> BrokerStack.LoadedCatalog? {
        if noCatalog { return nil }
        let directory = catalog ?? "schemas"
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if catalog == nil && !(exists && isDirectory.boolValue) { return nil }
        guard exists && isDirectory.boolValue else {
            throw stack.fail("--catalog \(directory): \(exists ? "is a file; expected the catalog folder" : "no such folder")")
        }
        return try stack.loadCatalog(directory)
    }
}

extension FsyncPolicy: ExpressibleByArgument {}
