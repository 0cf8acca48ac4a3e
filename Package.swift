// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Interflow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "center-node", targets: ["CenterNode"]),
        .executable(name: "clusterctl", targets: ["ClusterCtl"]),
        .executable(name: "interflow-bench", targets: ["InterflowBench"]),
        .library(name: "Consensus", targets: ["Consensus"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        // The decoders of what arrives from outside, for the fuzzers in Fuzz/ (a package of its own).
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
        .library(name: "ClientAPI", targets: ["ClientAPI"]),
        .library(name: "ClusterConfig", targets: ["ClusterConfig"]),
        // For other packages' integration tests: start a local cluster of real processes and talk to it.
        .library(name: "InterflowTesting", targets: ["InterflowTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The pure Raft core: standard library only, no I/O, no clock, no randomness of its own.
        .target(name: "Consensus"),
        // libzmq through pkg-config, and a thin safe wrapper over it (contexts, sockets, CURVE, ZAP).
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        // The versioned peer frames, shared by the node and the operator CLI; its bounds-checked byte
        // reader and writer also encode the log's commands (CenterState).
        .target(name: "Wire", dependencies: ["Consensus"]),
        // A node's configuration file: parsed, defaulted and validated with errors that name the field.
        .target(name: "ClusterConfig", dependencies: ["Consensus", "StrictJSON", "ZeroMQ"]),
        // JSON decoded strictly, with errors that name the field: unknown fields, duplicate keys,
        // numbers out of a field's range. For requests and configuration files, not for answers.
        .target(name: "StrictJSON"),
        // A node's durable state in SQLite (WAL, synchronous=FULL).
        .target(
            name: "NodeStorage",
            dependencies: [
                "Consensus", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The node's links to its peers over ZeroMQ (CURVE), carrying Wire frames.
        .target(name: "PeerLinks", dependencies: ["Consensus", "Wire", "ZeroMQ"]),
        // The actor shell that drives the core: ticks from a clock, persist, send, apply.
        .target(
            name: "NodeRuntime",
            dependencies: ["Consensus", "NodeStorage", .product(name: "GRDB", package: "GRDB.swift")]),
        // The JSON client API: requests, answers, error codes and a CURVE client; shared by the node and clusterctl.
        .target(name: "ClientAPI", dependencies: ["ZeroMQ", "ContactCenter", "StrictJSON"]),
        // The replicated application: commands, request deduplication and tickets, in SQLite.
        .target(
            name: "CenterState",
            dependencies: [
                "Consensus", "NodeRuntime", "NodeStorage", "ClientAPI", "ContactCenter", "Wire", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Prometheus metrics and the HTTP server for /metrics, /health and /ready.
        .target(
            name: "NodeObservability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The node process: its event loop (clock, peer links, client endpoint) around the driver.
        .target(
            name: "NodeServer",
            dependencies: [
                "Consensus", "ClusterConfig", "NodeStorage", "NodeRuntime", "PeerLinks", "ZeroMQ", "ClientAPI",
                "CenterState", "ContactCenter", "NodeObservability", "StrictJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Local clusters of real processes: keys, configs, start, stop, status; for clusterctl and tests.
        .target(name: "LocalCluster", dependencies: ["ClusterConfig", "ClientAPI", "ContactCenter", "ZeroMQ", "Consensus"]),
        .target(name: "InterflowTesting", dependencies: ["LocalCluster", "ClientAPI", "ClusterConfig", "ZeroMQ"]),
        // Failover drills on local clusters: plans, faults, observation, rollback, audit and reports.
        .target(
            name: "Drills",
            dependencies: ["LocalCluster", "ClientAPI", "ContactCenter", "ZeroMQ", .product(name: "Yams", package: "Yams")]),
        // The contact-center domain, pure like Consensus (no I/O, clock or randomness): topology,
        // routing decisions with their explanation, and Erlang C.
        .target(name: "ContactCenter"),
        // Deterministic many-node simulator of the core, shared by the tests and `clusterctl sim`.
        .target(name: "Simulation", dependencies: ["Consensus"]),
        .executableTarget(
            name: "CenterNode",
            dependencies: [
                "Consensus",
                "ClusterConfig",
                "NodeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "ClusterCtl",
            dependencies: [
                "Consensus",
                "Simulation",
                "LocalCluster",
                "Drills",
                "ClientAPI",
                "ContactCenter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks that print figures; built in release, never timed tests.
        .executableTarget(
            name: "InterflowBench",
            dependencies: [
                "Consensus",
                "InterflowTesting",
                "LocalCluster",
                "ClientAPI",
                "CenterState",
                "ContactCenter",
                "NodeStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
        .testTarget(name: "ConsensusTests", dependencies: ["Consensus", "Simulation"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Consensus"]),
        .testTarget(name: "ClusterConfigTests", dependencies: ["ClusterConfig", "ZeroMQ"]),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "NodeStorageTests", dependencies: ["NodeStorage", "Consensus"]),
        .testTarget(name: "PeerLinksTests", dependencies: ["PeerLinks", "ZeroMQ", "Wire", "Consensus"]),
        .testTarget(
            name: "NodeRuntimeTests",
            dependencies: ["NodeRuntime", "NodeStorage", "Consensus", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ClientAPITests", dependencies: ["ClientAPI", "ContactCenter", "StrictJSON", "ZeroMQ"]),
        .testTarget(name: "ContactCenterTests", dependencies: ["ContactCenter"]),
        .testTarget(
            name: "CenterStateTests",
            dependencies: ["CenterState", "ClientAPI", "ContactCenter", "NodeRuntime", "Consensus", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "NodeObservabilityTests",
            dependencies: [
                "NodeObservability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The files under Deploy/: checked by the tools an SRE would use (promtool, systemd-analyze, a schema validator).
        .testTarget(name: "DeployTests", dependencies: ["ContactCenter", "ClusterConfig", "NodeObservability", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "LocalClusterTests", dependencies: ["LocalCluster", "Drills", "ClusterConfig", "ClientAPI", "ContactCenter"]),
        // Real center-node processes on loopback; needs the built executables (see README).
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "InterflowTesting", "LocalCluster", "ClientAPI", "ClusterConfig", "ZeroMQ", "CenterState", "ContactCenter",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
