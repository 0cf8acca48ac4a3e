import ArgumentParser

/// The per-center process. The ZeroMQ transport, SQLite storage and client API arrive with the
/// node issue; until then it says so plainly instead of pretending to serve.
@main
struct CenterNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "center-node",
        abstract: "Runs one contact center's Interflow node.")

    @Option(help: "Path of the node's configuration file.")
    var config: String?

    func run() throws {
        throw ValidationError("center-node is not available yet: run `clusterctl sim` for a simulated cluster")
    }
}
