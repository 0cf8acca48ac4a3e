import CenterState
import ContactCenter
import Consensus

extension NodeLoop {
    /// Run by the leader with its clock entry: commits a center dark when its nodes fell silent, or
    /// recovering when they answer this leader again (a leader change alone proves nothing). A
    /// change proposed twice before it commits is harmless: committing the status a center already
    /// has changes nothing.
    func proposeCenterChanges(_ model: ContactCenterState) throws {
        let status = driver.core.status
        let tickMs = Int64(config.timing.tickMs)
        let peers = Dictionary(uniqueKeysWithValues: status.peers.map { ($0.id, $0) })
        let nodes = config.members.compactMap { member -> CenterWatch.Node? in
            if member.id == config.id { return CenterWatch.Node(center: member.center, silentMs: nil, heardThisTerm: true) }
            return peers[member.id].map {
                CenterWatch.Node(center: member.center, silentMs: Int64($0.ticksSinceLastContact) * tickMs, heardThisTerm: $0.heardThisTerm)
            }
        }
        let darkAfterMs = Int64(config.timing.centerSilentDarkAfterMs)
        for change in CenterWatch.changes(nodes, in: model, darkAfterMs: darkAfterMs) {
            if case .setCenterStatus(let center, let to) = change {
                logger.warning("center \(center): its nodes \(to == .dark ? "fell silent for \(darkAfterMs) ms" : "answer again"); committing \(to.rawValue)")
            }
            try proposeSystemCommand(.contactCenter(change), named: "watch")
        }
    }
}
