import Foundation

/// A deliberate bug the history checker must catch (`clusterctl chaos`, its tests): with
/// `INTERFLOW_PLANTED_BUG=stale-reads` in a node's environment, a follower serves linearizable
/// reads from its own applied state without ReadIndex. Never set it outside those tests; the node
/// logs a warning at start when it is.
enum PlantedBug {
    static let variable = "INTERFLOW_PLANTED_BUG"
    static let staleReads = ProcessInfo.processInfo.environment[variable] == "stale-reads"
}
