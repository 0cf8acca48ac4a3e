// swift-tools-version: 6.0
import PackageDescription

// libFuzzer harnesses for the decoders of what reaches a node from outside: peer frames, client API
// requests and configuration files. A package of its own so that the sanitizer flags (given on the
// command line by run.sh, so that they instrument the decoders too) never touch the main build.
let fuzzer: [LinkerSetting] = [
    // gold warns about every ASan symbol it cannot export; lld links the same program quietly.
    .unsafeFlags(["-use-ld=lld"])
]

let package = Package(
    name: "InterflowFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Interflow", path: "..")],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "LibFuzzerDriver", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "FuzzPeerFrame",
            dependencies: [
                "LibFuzzerDriver", .product(name: "Wire", package: "Interflow"), .product(name: "Consensus", package: "Interflow"),
            ],
            linkerSettings: fuzzer),
        .executableTarget(
            name: "FuzzAPIRequest",
            dependencies: [
                "LibFuzzerDriver", .product(name: "StrictJSON", package: "Interflow"),
                .product(name: "ClientAPI", package: "Interflow"),
            ],
            linkerSettings: fuzzer),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: ["LibFuzzerDriver", .product(name: "ClusterConfig", package: "Interflow")],
            linkerSettings: fuzzer),
        // Writes the peer-frame seeds with Wire's own encoder; built without the sanitizer (run.sh seeds).
        .executableTarget(
            name: "PeerFrameSeeds",
            dependencies: [.product(name: "Wire", package: "Interflow"), .product(name: "Consensus", package: "Interflow")]),
    ],
    swiftLanguageModes: [.v6]
)
