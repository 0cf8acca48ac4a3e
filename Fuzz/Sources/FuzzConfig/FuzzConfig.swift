import ClusterConfig
import Foundation
import LibFuzzerDriver

@main
enum FuzzConfig {
    static func main() { LibFuzzer.run(fuzz) }
}

/// A node's configuration file, decoded and validated as `center-node` does before it reads any key
/// file. Refusals are the expected outcome; a trap, a crash or a hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let config: NodeConfig
    do throws(ConfigError) {
        config = try NodeConfig.parse(bytes, file: "fuzz.json")
    } catch {
        // What the operator is shown; building it must not trap either.
        _ = error.description
        return 0
    }
    _ = config.raftConfiguration
    checkRoundTrip(config)
    return 0
}

/// `clusterctl local up` writes configurations with JSONEncoder (LocalCluster's PrettyJSON, whose
/// settings these are): whatever the loader accepts must survive being written so and read again.
private func checkRoundTrip(_ config: NodeConfig) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let written: Data
    do {
        written = try encoder.encode(config)
    } catch {
        fatalError("an accepted configuration cannot be encoded: \(error)")
    }
    let again = Result { () throws(ConfigError) in try NodeConfig.parse([UInt8](written), file: "fuzz.json") }
    guard again == .success(config) else {
        fatalError("\(config) written as \(String(decoding: written, as: UTF8.self)) reads back as \(again)")
    }
}
