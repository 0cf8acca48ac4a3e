import ArgumentParser
import LocalCluster

/// `clusterctl local down`: stops the processes `up` recorded, by pid, keeping all files.
struct LocalDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop a local cluster's nodes (SIGTERM, then SIGKILL after the grace period); data is kept.",
        discussion: "Example: clusterctl local down --dir /tmp/ifl")

    @Option(help: "The cluster's directory.")
    var dir: String

    @Option(help: "How long each node gets to stop after SIGTERM before it is killed.")
    var graceMs: Int = LocalClusterControl.defaultGraceMs

    func validate() throws {
        guard (0...600_000).contains(graceMs) else { throw ValidationError("--grace-ms must be between 0 and 600000") }
    }

    func run() throws {
        let results: [(node: UInt64, outcome: ProcessControl.StopOutcome)]
        do {
            results = try LocalClusterControl.down(directory: dir, graceMs: graceMs)
        } catch {
            throw error.exit()
        }
        if results.isEmpty { print("no node of \(dir) was running") }
        for result in results { print("node \(result.node): \(result.outcome)") }
        print("data, keys and logs are kept; `clusterctl local up --dir \(dir)` starts the same cluster again")
    }
}
