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
        // The configuration the core holds now: a removed node is gone from it even though the
        // config file still names it, and a learner of the file joins it only once added.
        let members = status.membership.members.map { id -> MemberStatus in
            let configured = config.members.first { $0.id == id }
            // A new leader knows nothing of a member's log until an append is accepted (the member
            // leaves probing): its match index is 0 until then, and a lag computed from it would be
            // the whole log.
            let heard = progress[id].flatMap { $0.heardThisTerm ? $0 : nil }
            let matched = heard.flatMap { $0.replication != .probe ? $0 : nil }
            return MemberStatus(
                id: id, center: configured?.center ?? "", peer: configured?.peer ?? "", client: configured?.client ?? "",
                voter: status.membership.isVoter(id), lagEntries: matched?.lagEntries, matchIndex: matched?.matchIndex,
                lastContactMs: heard.map { Int64($0.ticksSinceLastContact) * Int64(config.timing.tickMs) },
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

    /// Milliseconds since the node started, on the monotonic clock: what request deadlines count in.
    var clockMs: UInt64 { UInt64(max(0, uptimeMs())) }

    func uptimeMs() -> Int64 {
        let (seconds, attoseconds) = startedAt.duration(to: .now).components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
