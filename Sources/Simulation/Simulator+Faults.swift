import Consensus

/// Crashes, restarts, partitions and client load, drawn from the seeded generator.
extension Simulator {
    mutating func injectFaults() {
        for position in nodes.indices where nodes[position].restartAtTick.map({ $0 <= now }) == true {
            restart(nodes[position].id)
        }
        if let heal = partitionHealsAtTick, heal <= now { healPartition() }
        if chance(profile.crashRate),
            let victim = chance(profile.leaderCrashShare) ? (leader ?? liveIDs.first) : liveIDs.randomElement(using: &random),
            liveIDs.count > nodes.count / 2
        {
            crash(victim)
            nodes[Int(victim) - 1].restartAtTick = now + Int.random(in: 1...profile.maxDownTicks, using: &random)
        }
        if partitionHealsAtTick == nil, chance(profile.partitionRate) {
            randomPartition()
        }
        if chance(profile.transferRate), let leader, let target = nodeIDs.randomElement(using: &random) {
            record(.transferRequested(from: leader, to: target))
            _ = withCore(leader) { $0.transferLeadership(to: target) }
        }
        if chance(profile.membershipRate), let leader { changeMembership(at: leader) }
        if chance(profile.proposalRate), let target = liveIDs.randomElement(using: &random) {
            // Clients mostly find the leader; the rest exercises forwarding and refusals.
            propose(at: chance(0.7) ? (leader ?? target) : target)
        }
        if chance(profile.readRate), let target = liveIDs.randomElement(using: &random) {
            read(at: target)
        }
    }

    /// One single-server change at the leader, of those that keep three voters: a correct core
    /// refuses it while another is uncommitted.
    mutating func changeMembership(at leader: NodeID) {
        guard let membership = core(leader)?.membership else { return }
        var changes: [MembershipChange] = []
        if nodes.count < options.nodeCount + profile.maxAddedNodes { changes.append(.addLearner(NodeID(nodes.count + 1))) }
        changes += membership.learners.map { MembershipChange.promote($0) }
        if membership.voters.count > 3 { changes += membership.voters.map { MembershipChange.remove($0) } }
        guard let change = changes.randomElement(using: &random) else { return }
        if case .addLearner = change { _ = addJoiningNode() }
        let outcome = withCore(leader) { $0.proposeMembershipChange(change) }
        record(.note("membership change \(change) at n\(leader): \(outcome.map { "\($0)" } ?? "leader gone")"))
    }

    mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && Double.random(in: 0..<1, using: &random) < probability
    }

    /// Kills a node: its core and any persist still in progress are gone; the disk stays.
    public mutating func crash(_ id: NodeID) {
        let position = Int(id) - 1
        guard nodes[position].core != nil else { return }
        nodes[position].core = nil
        nodes[position].persisting.removeAll()
        // Its waiting reads die with it: their clients time out.
        pendingReads = pendingReads.filter { $0.value.node != id }
        nodes[position].observedLeaderTerm = nil
        network.dropAll(to: id)
        record(.crashed(id))
        // A dead process's connections close at once: its peers' shells see it.
        for peer in liveIDs {
            _ = withCore(peer) { core in
                if core.leader == id { core.leaderConnectionLost() }
                core.peerUnreachable(id)
            }
        }
    }

    /// Starts a node again from exactly its durable state.
    public mutating func restart(_ id: NodeID) {
        let position = Int(id) - 1
        nodes[position].restartAtTick = nil
        guard nodes[position].core == nil else { return }
        start(id)
        record(.restarted(id))
    }

    mutating func start(_ id: NodeID) {
        let position = Int(id) - 1
        nodes[position].restarts += 1
        let seed = options.seed ^ (id &* 0x9E37_79B9) ^ (nodes[position].restarts << 40)
        do {
            nodes[position].core = try RaftNode(
                configuration: nodes[position].configuration, restoring: nodes[position].durable,
                appliedIndex: nodes[position].stateMachine.appliedIndex, random: SeededRandom(seed: seed))
            // Re-checks what it restarted with against the records.
            nodes[position].observedCommit = nodes[position].core!.snapshotIndex
            nodes[position].lifeCommit = 0
            nodes[position].observedMembership = nil
            observe(id)
        } catch {
            fail("restart", "n\(id) cannot restart from its durable state: \(error)")
        }
    }

    /// Adds a node that joins with an empty log (it must then be added as a learner by the leader).
    public mutating func addJoiningNode() -> NodeID {
        let id = NodeID(nodes.count + 1)
        nodes.append(SimulatedNode(id: id, configuration: options.configuration(id), durable: .joining))
        start(id)
        return id
    }

    /// Cuts every link between `left` and `right`, or only left → right when `oneWay`.
    public mutating func partition(_ left: [NodeID], from right: [NodeID], oneWay: Bool = false) {
        for from in left {
            for to in right {
                network.block(from: from, to: to)
                if !oneWay { network.block(from: to, to: from) }
            }
        }
        record(.partitioned(left, right, oneWay: oneWay))
    }

    /// Cuts `id` off from everyone.
    public mutating func isolate(_ id: NodeID) {
        partition([id], from: nodeIDs.filter { $0 != id })
    }

    public mutating func healPartition() {
        network.heal()
        partitionHealsAtTick = nil
        record(.healed)
    }

    private mutating func randomPartition() {
        if let leader, chance(profile.leaderIsolationShare) {
            isolate(leader)
            partitionHealsAtTick = now + Int.random(in: 1...profile.maxPartitionTicks, using: &random)
            return
        }
        var shuffled = nodeIDs
        shuffled.shuffle(using: &random)
        let cut = Int.random(in: 1..<max(2, shuffled.count), using: &random)
        let left = Array(shuffled[..<cut]).sorted()
        let right = Array(shuffled[cut...]).sorted()
        partition(left, from: right, oneWay: chance(profile.asymmetricPartitionShare))
        partitionHealsAtTick = now + Int.random(in: 1...profile.maxPartitionTicks, using: &random)
    }
}
