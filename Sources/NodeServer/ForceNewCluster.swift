import ClusterConfig
import Consensus
import Foundation
import NodeStorage

/// `center-node --force-new-cluster` (etcd's flag of the same name) and `--print-state`: an
/// operator's deliberate recovery when a majority of the voters is lost for good, run on a
/// stopped survivor's data directory. It rewrites the durable Raft state so that this node,
/// restarted, is the only voter of a new configuration holding everything it held
/// (`DurableState.forcingNewCluster`), then exits: the operator starts the node as usual.
///
/// The configuration file must already list this node as its only voter and none of the old
/// configuration's other members: a node admits peers by the keys its file lists, so lost members
/// that come back with their old data are refused at the handshake and can never pull this
/// cluster back into theirs.
public enum ForceNewCluster {
    /// The flag that says the operator read the risks.
    public static let confirmationFlag = "--yes-i-have-lost-quorum"

    /// This stopped node's figures, for choosing the survivor with the most.
    public static func printState(config: NodeConfig, say: (String) -> Void) throws {
        let offline = try OfflineStore(config)
        defer { try? offline.close() }
        say(header(config))
        StateFigures(durable: offline.durable, appliedIndex: offline.appliedIndex).lines.forEach(say)
    }

    /// Prints the state, and without `confirmed` the risks and what to run, then refuses; with it,
    /// rewrites the store. Every refusal changes nothing.
    public static func run(config: NodeConfig, configPath: String, confirmed: Bool, say: (String) -> Void) throws {
        let offline = try OfflineStore(config)
        defer { try? offline.close() }
        let durable = offline.durable
        say(header(config))
        StateFigures(durable: durable, appliedIndex: offline.appliedIndex).lines.forEach(say)
        let work: PersistWork
        do {
            work = try durable.forcingNewCluster(soleVoter: config.id)
        } catch {
            throw OfflineRefusal("\(config.databasePath): \(error). Nothing was changed")
        }
        let old = durable.newestMembership
        guard old.isMember(config.id) else {
            throw OfflineRefusal(
                "node \(config.id) is not a member of the configuration its log holds (\(StateFigures.describe(old))): it was "
                    + "removed, and its data is older than the cluster's. Run this on a member. Nothing was changed")
        }
        let problem = configurationProblem(config, configPath: configPath, old: old)
        guard confirmed else {
            say("")
            risks(config, durable: durable, old: old).forEach(say)
            say("To go ahead:")
            var step = 1
            if let problem {
                say("  \(step). \(problem)")
                step += 1
            }
            say("  \(step). center-node --force-new-cluster \(confirmationFlag) --config \(configPath)")
            throw OfflineRefusal("not confirmed: nothing was changed (add \(confirmationFlag) once you have read the risks)")
        }
        if let problem { throw OfflineRefusal("\(problem) Nothing was changed") }
        try offline.store.persist(work)
        say("")
        outcome(config, configPath: configPath, before: durable, work: work, old: old).forEach(say)
    }

    static func header(_ config: NodeConfig) -> String {
        "node \(config.id) (\(config.center)), \(config.databasePath), stopped:"
    }

    /// Why `config` cannot run the new one-voter cluster, with the edit that fixes it; nil when it can.
    static func configurationProblem(_ config: NodeConfig, configPath: String, old: Membership) -> String? {
        let others = config.members.filter { $0.id != config.id }
        let oldMembers = others.filter { old.isMember($0.id) }.map(\.id)
        let otherVoters = others.filter { $0.voter && !old.isMember($0.id) }.map(\.id)
        let ownEntryVotes = config.members.contains { $0.id == config.id && $0.voter }
        guard !oldMembers.isEmpty || !otherVoters.isEmpty || !ownEntryVotes else { return nil }
        var edits: [String] = []
        if !oldMembers.isEmpty {
            edits.append(
                "remove \(nodes(oldMembers)) of the old configuration (\(StateFigures.describe(old))) from members[]")
        }
        if let preferred = config.preferredLeader, preferred != config.id {
            edits.append("set preferredLeader to \(config.id) or remove it")
        }
        if !otherVoters.isEmpty { edits.append("mark \(nodes(otherVoters)) \"voter\": false") }
        if !ownEntryVotes { edits.append("mark this node's own entry (id \(config.id)) \"voter\": true") }
        return "Edit \(configPath): " + edits.joined(separator: "; ")
            + ". Node \(config.id) must be the only voter; any other entry is a new node that joins later with member.add, "
            + "from an empty data directory, marked \"voter\": false."
    }

    /// "node 2" or "nodes 2, 3".
    static func nodes(_ ids: [NodeID]) -> String {
        "node\(ids.count == 1 ? "" : "s") \(StateFigures.list(ids))"
    }

    static func risks(_ config: NodeConfig, durable: DurableState, old: Membership) -> [String] {
        let lost = old.members.filter { $0 != config.id }
        let uncommitted = durable.lastIndex - durable.hardState.commit
        var lines = [
            "--force-new-cluster makes node \(config.id) the only voter of a new configuration, keeping everything it holds "
                + "(its log through index \(durable.lastIndex) and its applied state). Use it only when a majority of the voters "
                + "is lost for good: \(lost.isEmpty ? "no other member" : nodes(lost)) would leave the configuration "
                + "(\(StateFigures.describe(old))).",
            "Risks:",
            "  - A write acknowledged by the lost members that never reached this node is lost. Run this on the survivor whose "
                + "log goes furthest: compare the line \"last index N (term T)\" above with each other survivor's (`center-node "
                + "--print-state --config FILE` on each, stopped) and choose the highest T, then among equal T the highest N, "
                + "as an election would.",
        ]
        if uncommitted > 0 {
            lines.append(
                "  - The \(uncommitted) entr\(uncommitted == 1 ? "y" : "ies") past the commit index \(durable.hardState.commit) "
                    + "this node knew \(uncommitted == 1 ? "is" : "are") committed too, whether or not the old cluster committed "
                    + "\(uncommitted == 1 ? "it" : "them"): a client that got an error or a timeout for such a write may find it "
                    + "applied (a retry with the same requestId within an hour is still applied once).")
        }
        lines.append(
            "  - The lost members must never start again with their data: their logs may hold what this node lacks, and this "
                + "cluster no longer admits them. Empty their data directories; add them back as new members with member.add.")
        return lines
    }

    static func outcome(
        _ config: NodeConfig, configPath: String, before: DurableState, work: PersistWork, old: Membership
    ) -> [String] {
        let forced = work.entries.last?.index ?? 0
        let removed = old.members.filter { $0 != config.id }
        let first = before.hardState.commit + 1
        let tail =
            switch before.lastIndex {
            case ..<first: "every entry it held had committed already"
            case first: "entry \(first), past the commit index it knew, commits with it"
            default: "entries \(first)–\(before.lastIndex), past the commit index it knew, commit with it"
            }
        return [
            "forced a new cluster: node \(config.id) is the only voter from log index \(forced) (term \(work.hardState?.term ?? 0)); "
                + "\(tail); \(removed.isEmpty ? "no other member had to leave" : "\(nodes(removed)) left the configuration").",
            "Next: start it (center-node --config \(configPath)): it elects itself within two election timeouts and applies "
                + "the whole log. Then add members with member.add and member.promote, each from an empty data directory.",
        ]
    }
}
