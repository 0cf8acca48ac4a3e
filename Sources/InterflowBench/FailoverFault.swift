import ArgumentParser
import InterflowTesting

/// How the leader is taken away in a failover cycle. The two take different paths to a new
/// leader, so each has its own figures.
enum FailoverFault: String, ExpressibleByArgument, CaseIterable, Codable, Sendable {
    /// SIGKILL: the kernel closes the dead process's connections, the followers see the drop and
    /// campaign within half an election timeout.
    case kill
    /// SIGSTOP: the connections stay open, as with a hung process or a host that vanished, so the
    /// followers wait out a whole election timeout.
    case pause

    var label: String {
        switch self {
        case .kill: "kill -9 of the leader"
        case .pause: "SIGSTOP of the leader"
        }
    }

    func inject(on cluster: TestCluster, node: UInt64) throws {
        switch self {
        case .kill: try cluster.kill(node: node)
        case .pause: try cluster.pause(node: node)
        }
    }

    func repair(on cluster: TestCluster, node: UInt64) throws {
        switch self {
        case .kill: try cluster.start(node: node)
        case .pause: try cluster.resume(node: node)
        }
    }
}
