import ClientAPI
import ContactCenter
import Foundation

/// A topology file (Deploy/topology/), read and checked the same way by `topology load` and by
/// `local up --topology`, so that a bad file is refused before any node starts.
public enum TopologyFile {
    public static func load(path: String) throws(LocalClusterError) -> Topology {
        let topology: Topology
        do {
            topology = try JSONDecoder().decode(Topology.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .badTopology(path: path, reason: APIJSON.describe(error))
        }
        if let problem = topology.problems.first { throw .badTopology(path: path, reason: "\(problem)") }
        return topology
    }

    /// One node per center, the main center (`preferredLeader`) as node 1: local clusters hand
    /// leadership back to node 1, so that is where the main center must run.
    public static func centersInNodeOrder(_ topology: Topology) -> [String] {
        let main = topology.centers.filter(\.preferredLeader)
        return (main + topology.centers.filter { !$0.preferredLeader }).map(\.id)
    }
}
