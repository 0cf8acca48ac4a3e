import ClientAPI
import Consensus
import Foundation

extension NodeLoop {
    func clusterStatus() -> ClusterStatus {
        let status = driver.core.status
        let isLearner = !status.membership.isVoter(config.id)
        let node = NodeStatus(
            id: config.id, center: config.center, role: isLearner ? "learner" : status.role.rawValue, term: status.term,
            commitIndex: status.commitIndex, appliedIndex: status.appliedIndex, lastIndex: status.lastIndex,
            snapshotIndex: status.snapshotIndex, dbSizeBytes: databaseBytes(), uptimeMs: uptimeMs())
        let progress = Dictionary(uniqueKeysWithValues: status.peers.map { ($0.id, $0) })
        let connected = peers.connectedPeers
        let ids = Set(status.membership.members).union(config.members.map(\.id)).sorted()
        let members = ids.map { id -> MemberStatus in
            let configured = config.members.first { $0.id == id }
            let peer = progress[id]
            return MemberStatus(
                id: id, center: configured?.center ?? "", peer: configured?.peer ?? "", client: configured?.client ?? "",
                voter: status.membership.isVoter(id), lagEntries: peer?.lagEntries, matchIndex: peer?.matchIndex,
                lastContactMs: peer.map { Int64($0.ticksSinceLastContact) * Int64(config.timing.tickMs) },
                connected: id == config.id ? nil : connected.contains(id))
        }
        return ClusterStatus(node: node, leader: leaderHint(status.leader), members: members, centers: centerFigures.current(state.contactCenter))
    }

    func databaseBytes() -> Int64 {
        [store.path, store.path + "-wal"].reduce(Int64(0)) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
    }

    func uptimeMs() -> Int64 {
        let (seconds, attoseconds) = startedAt.duration(to: .now).components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
