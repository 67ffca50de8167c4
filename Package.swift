// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "herald", targets: ["herald"]),
        .library(name: "HeraldAvro", targets: ["HeraldAvro"]),
        .library(name: "HeraldCatalog", targets: ["HeraldCatalog"]),
        .library(name: "HeraldAsyncAPI", targets: ["HeraldAsyncAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Diagnostics as values: rule IDs, locations, output formatters.
        .target(name: "HeraldDiagnostics", exclude: ["README.md"]),
        // Avro: schema model, parser, canonical form, fingerprints, compatibility, data codec.
        .target(name: "HeraldAvro", dependencies: ["HeraldDiagnostics"], exclude: ["README.md"]),
        // The catalog: sources, model, rules, the check pipeline.
        .target(name: "HeraldCatalog", dependencies: [
            "HeraldDiagnostics", "HeraldAvro",
            .product(name: "Yams", package: "Yams"),
        ], exclude: ["README.md"]),
        // Debian's libcmark-gfm (GitHub-flavoured Markdown) as a system library.
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),
        // The static catalog site: view models, Mustache rendering, search index, SVG graphs.
        .target(name: "HeraldSite", dependencies: [
            "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics", "CCmarkGFM",
        ], exclude: ["README.md"]),
        // AsyncAPI: the document model, the translator from the catalog, the YAML and JSON renderers.
        .target(name: "HeraldAsyncAPI", dependencies: ["HeraldCatalog", "HeraldAvro", "HeraldDiagnostics"], exclude: ["README.md"]),
        // The build pipeline `herald build` and `herald serve` share: load → check → generate into an output.
        .target(name: "HeraldBuild", dependencies: ["HeraldCatalog", "HeraldSite", "HeraldAsyncAPI", "HeraldDiagnostics"],
                exclude: ["README.md"]),
        // The Kafka wire protocol: primitives, messages, record batches, framing. NIOCore only.
        .target(name: "HeraldKafkaProtocol", dependencies: [
            "CZlib", "CCRC32C",
            .product(name: "NIOCore", package: "swift-nio"),
        ], exclude: ["README.md"]),
        // The VERSION file and the commit, embedded at build time for `herald --version`.
        .target(name: "CHeraldBuildInfo"),
        // CRC-32C with the CPU's instructions (SSE4.2, AArch64 CRC), for record batch checksums.
        .target(name: "CCRC32C"),
        // zlib (Debian's zlib1g-dev) for gzip-compressed record batches.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The embedded broker: storage, topics, groups, produce path, server.
        .target(name: "HeraldBroker", dependencies: [
            "HeraldKafkaProtocol", "HeraldAvro", "HeraldCatalog",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], exclude: ["README.md"]),
        // The schema registry: subjects, versions, IDs, modes, references, compatibility policy, store. No HTTP.
        .target(name: "HeraldRegistry", dependencies: ["HeraldAvro", "HeraldCatalog", "HeraldDiagnostics"]),
        // Simulated consumers for `herald serve --deliver`: the delivery state machine, the plan from the catalog, and
        // the service that POSTs each record to a service's URL with retries, dead letters, alerts and deduplication.
        .target(name: "HeraldDelivery", dependencies: [
            "HeraldBroker", "HeraldKafkaProtocol", "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // The HTTP side: the registry's REST API and the site `herald serve` shows, on Hummingbird.
        .target(name: "HeraldServer", dependencies: [
            "HeraldRegistry", "HeraldAvro", "HeraldDiagnostics", "HeraldDelivery",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            // The live layer (Sources/HeraldServer/Live): records read from the broker, the publish form, traces.
            "HeraldBroker", "HeraldCatalog", "HeraldKafkaProtocol", "HeraldSite", "HeraldClients",
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Talking to real registries and clusters: a Confluent Schema Registry REST client, a minimal Kafka producer,
        // and the pure stages behind `herald registry push|diff|pull` and `herald publish-examples`.
        .target(name: "HeraldClients", dependencies: [
            "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics", "HeraldKafkaProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
        ]),
        // The CLI: thin commands, each calling one library function.
        .executableTarget(name: "herald", dependencies: [
            "HeraldDiagnostics", "HeraldAvro", "HeraldCatalog", "HeraldAsyncAPI", "HeraldBroker", "HeraldSite",
            "HeraldRegistry", "HeraldServer", "HeraldClients", "HeraldDelivery", "HeraldBuild",
            "CHeraldBuildInfo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], exclude: ["README.md"]),

        // Release-build benchmarks, run by `make bench`.
        .executableTarget(name: "herald-bench", dependencies: ["HeraldAvro", "HeraldDiagnostics", "HeraldKafkaProtocol",
                                                               "HeraldBenchAllocations", "HeraldCatalog", "HeraldSite", "HeraldAsyncAPI", "HeraldBroker",
                                                               .product(name: "NIOCore", package: "swift-nio")]),
        // Counts heap allocations in herald-bench (glibc only), for allocations-per-record figures.
        .target(name: "HeraldBenchAllocations"),

        // Golden-file checks shared by the test targets (the one HERALD_UPDATE_GOLDENS switch).
        .target(name: "HeraldTestSupport", path: "Tests/HeraldTestSupport"),
        .testTarget(name: "HeraldDiagnosticsTests", dependencies: ["HeraldTestSupport", "HeraldDiagnostics"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldAvroTests", dependencies: ["HeraldTestSupport", "HeraldAvro", "HeraldDiagnostics"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldBrokerTests", dependencies: [
            "HeraldBroker", "HeraldKafkaProtocol", "HeraldCatalog", "HeraldAvro",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "HeraldCatalogTests", dependencies: ["HeraldTestSupport", "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldSiteTests", dependencies: ["HeraldTestSupport", "HeraldSite", "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldKafkaProtocolTests", dependencies: [
            "HeraldKafkaProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "HeraldAsyncAPITests", dependencies: ["HeraldTestSupport", 
                        "HeraldAsyncAPI", "HeraldCatalog", "HeraldAvro", .product(name: "Yams", package: "Yams"),
                    ],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldDeliveryTests", dependencies: [
            "HeraldDelivery", "HeraldCatalog", "HeraldAvro", "HeraldKafkaProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "HeraldRegistryTests", dependencies: ["HeraldRegistry", "HeraldAvro", "HeraldCatalog"]),
        .testTarget(name: "HeraldServerTests", dependencies: [
            "HeraldTestSupport", "HeraldServer", "HeraldRegistry", "HeraldDiagnostics", "HeraldDelivery",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            "HeraldBroker", "HeraldCatalog", "HeraldKafkaProtocol", "HeraldAvro",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], exclude: ["Golden"]),
        .testTarget(name: "HeraldClientsTests", dependencies: ["HeraldTestSupport", 
                        "HeraldClients", "HeraldCatalog", "HeraldAvro", "HeraldDiagnostics", "HeraldKafkaProtocol",
                        .product(name: "NIOCore", package: "swift-nio"),
                    ],
                    resources: [.copy("Resources")]),
        .testTarget(name: "HeraldBuildTests", dependencies: ["HeraldBuild", "HeraldCatalog", "HeraldDiagnostics", "HeraldAsyncAPI"]),
        // Fuzz targets as plain functions: libFuzzer calls them (Fuzz/, `make fuzz`) and HeraldFuzzTargetsTests
        // replays their regression corpora through them.
        .target(name: "HeraldFuzzTargets", dependencies: [
            "HeraldAvro", "HeraldCatalog", "HeraldDiagnostics", "HeraldKafkaProtocol", "HeraldRegistry",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ], exclude: ["README.md"]),
        .testTarget(name: "HeraldFuzzTargetsTests", dependencies: ["HeraldFuzzTargets"]),
        .testTarget(name: "HeraldCLITests", dependencies: ["HeraldTestSupport", "herald", "HeraldDiagnostics"],
                    resources: [.copy("Resources")]),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz` only: one libFuzzer executable per fuzz target, built with -sanitize=fuzzer,address into its own
// build folder. Never part of a plain build (they have no `main`; libFuzzer supplies it).
if Context.environment["HERALD_FUZZ"] == "1" {
    package.targets.append(.target(name: "HeraldFuzzDriver", dependencies: ["HeraldFuzzTargets"], path: "Fuzz/Driver"))
    for name in ["avro-schema", "avro-json-datum", "avro-binary", "avro-framing", "catalog", "kafka-request",
                 "record-batch", "registry-body"] {
        package.targets.append(.executableTarget(
            name: "fuzz-\(name)", dependencies: ["HeraldFuzzDriver"], path: "Fuzz/Targets/\(name)"))
    }
}
