import ArgumentParser

/// `clusterctl local`: clusters of real center-node processes on this machine's loopback.
struct LocalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Start and stop a cluster of center-node processes on 127.0.0.1.",
        subcommands: [LocalUpCommand.self, LocalDownCommand.self, LocalKillCommand.self, LocalStopCommand.self, LocalStartCommand.self, LocalRestartCommand.self])
}
