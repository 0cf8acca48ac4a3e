import ArgumentParser

/// `clusterctl local`: clusters of real center-node processes on this machine's loopback.
struct LocalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Start and stop a cluster of center-node processes on 127.0.0.1.",
        discussion: """
            Examples:
              clusterctl local up --nodes 3 --dir /tmp/ifl
              clusterctl local kill --dir /tmp/ifl --node 2        # a crash; `local start` brings it back
              clusterctl local restart --dir /tmp/ifl --node 2
              clusterctl local down --dir /tmp/ifl
            Exit status: 0 when done, 1 on errors.
            """,
        subcommands: [LocalUpCommand.self, LocalDownCommand.self, LocalKillCommand.self, LocalStopCommand.self, LocalStartCommand.self, LocalRestartCommand.self])
}
