import ClientAPI
import ContactCenter

/// Where a ticket may be sent, once a topology is loaded: to one of its centers, escalated to one
/// of its branches. Checked by the node that receives the write, against the topology it has
/// applied; without a topology, names are free (a cluster used for tickets alone).
enum TicketPlaces {
    static func check(center: String? = nil, escalatedTo branch: String? = nil, in topology: Topology?) throws(APIError) {
        guard let topology else { return }
        if let center, !topology.centers.contains(where: { $0.id == center }) {
            let known = topology.centers.map(\.id).joined(separator: ", ")
            throw APIError(.badRequest, "args.center: no center \(quoted(center)) in the topology; its centers are \(known)")
        }
        if let branch, !topology.centers.contains(where: { $0.branches.contains(branch) }) {
            throw APIError(.badRequest, "args.escalatedTo: no branch \(quoted(branch)) among the topology's branches")
        }
    }

    private static func quoted(_ name: String) -> String {
        name.count > 64 ? "\"\(name.prefix(64))…\"" : "\"\(name)\""
    }
}
