import ArgumentParser

/// `--cluster DIR`, written before the subcommand (`clusterctl --cluster DIR status`). ArgumentParser
/// accepts an option there only when the root command declares it, so the root and each command
/// that reads it both include this group.
struct ClusterOption: ParsableArguments {
    @Option(help: "A local cluster's directory (as given to `clusterctl local up --dir`).")
    var cluster: String?
}
