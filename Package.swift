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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The pure Raft core: standard library only, no I/O, no clock, no randomness of its own.
        .target(name: "Consensus"),
        // libzmq through pkg-config, and a thin safe wrapper over it (contexts, sockets, CURVE, ZAP).
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        // The versioned peer frames, shared by the node and the operator CLI.
        .target(name: "Wire", dependencies: ["Consensus"]),
        // A node's configuration file: parsed, defaulted and validated with errors that name the field.
        .target(name: "ClusterConfig", dependencies: ["Consensus"]),
        // A node's durable state in SQLite (WAL, synchronous=FULL).
        .target(name: "NodeStorage", dependencies: ["Consensus", .product(name: "GRDB", package: "GRDB.swift")]),
        // The node's links to its peers over ZeroMQ (CURVE), carrying Wire frames.
        .target(name: "PeerLinks", dependencies: ["Consensus", "Wire", "ZeroMQ"]),
        // The actor shell that drives the core: ticks from a clock, persist, send, apply.
        .target(
            name: "NodeRuntime",
            dependencies: ["Consensus", "NodeStorage", .product(name: "GRDB", package: "GRDB.swift")]),
        // Deterministic many-node simulator of the core, shared by the tests and `clusterctl sim`.
        .target(name: "Simulation", dependencies: ["Consensus"]),
        .executableTarget(
            name: "CenterNode",
            dependencies: [
                "Consensus",
                "ClusterConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ClusterCtl",
            dependencies: [
                "Consensus",
                "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks that print figures; built in release, never timed tests.
        .executableTarget(
            name: "InterflowBench",
            dependencies: [
                "Consensus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
        .testTarget(name: "ConsensusTests", dependencies: ["Consensus", "Simulation"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Consensus"]),
        .testTarget(name: "ClusterConfigTests", dependencies: ["ClusterConfig"]),
        .testTarget(name: "NodeStorageTests", dependencies: ["NodeStorage", "Consensus"]),
        .testTarget(name: "PeerLinksTests", dependencies: ["PeerLinks", "ZeroMQ", "Wire", "Consensus"]),
        .testTarget(
            name: "NodeRuntimeTests",
            dependencies: ["NodeRuntime", "NodeStorage", "Consensus", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
