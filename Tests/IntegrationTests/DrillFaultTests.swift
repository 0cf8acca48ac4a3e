import ClientAPI
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("Drill faults injected through the admin API")
    struct DrillFaultTests {
        @Test("a blackout cuts a node off from peers and clients until cleared; fault.* still reaches it")
        func blackout() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let target = try #require(cluster.nodeIDs.first { $0 != leader })
                let admin = try cluster.client(node: target)
                let state = try admin.call(
                    .faultInject, FaultInjectArgs(kind: .blackout, durationMs: 60_000), timeoutMs: 2_000, as: FaultState.self)
                #expect(state.node == target && state.faults.map(\.kind) == [.blackout])
                #expect((state.faults.first?.remainingMs ?? 0) > 50_000)

                // The leader loses contact with it, and its clients hear nothing.
                let leaderClient = try cluster.client(node: leader)
                try eventually("the leader sees the target go quiet") {
                    let peer = try leaderClient.status().members.first { $0.id == target }
                    return (peer?.lastContactMs ?? 0) > 500
                }
                #expect(throws: (any Error).self) { try cluster.client(node: target, role: .client).status(timeoutMs: 500) }
                _ = try leaderClient.createTicket("while wuhan is dark")

                // Listed, then cleared: it catches up with what was written meanwhile.
                #expect(try admin.call(.faultList, NoArguments(), timeoutMs: 2_000, as: FaultState.self).faults.map(\.kind) == [.blackout])
                let cleared = try admin.call(.faultClear, FaultClearArgs(), timeoutMs: 2_000, as: FaultState.self)
                #expect(cleared.faults.isEmpty)
                try eventually("the target catches up") {
                    try cluster.client(node: target).tickets(stale: true).contains { $0.title == "while wuhan is dark" }
                }
            }
        }

        @Test("every fault ends by itself at its deadline")
        func expires() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let target = try #require(cluster.nodeIDs.first { $0 != leader })
                let admin = try cluster.client(node: target)
                _ = try admin.call(
                    .faultInject, FaultInjectArgs(kind: .partition, durationMs: 300, peers: [leader]), timeoutMs: 2_000, as: FaultState.self)
                let both = try admin.call(.faultInject, FaultInjectArgs(kind: .delay, durationMs: 400, delayMs: 20), timeoutMs: 2_000, as: FaultState.self)
                #expect(both.faults.map(\.kind) == [.delay, .partition] && both.faults.first?.delayMs == 20)
                try eventually("both faults have ended") {
                    try admin.call(.faultList, NoArguments(), timeoutMs: 2_000, as: FaultState.self).faults.isEmpty
                }
                _ = try cluster.client(node: leader).createTicket("after the faults")
                try eventually("the target follows again") {
                    try cluster.client(node: target).tickets(stale: true).contains { $0.title == "after the faults" }
                }
            }
        }

        @Test("a pause freezes the node: nothing answers until its deadline, then it serves again")
        func pause() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                let target = try #require(cluster.nodeIDs.first { $0 != leader })
                let admin = try cluster.client(node: target)
                let started = ContinuousClock.now
                _ = try admin.call(.faultInject, FaultInjectArgs(kind: .pause, durationMs: 1_500), timeoutMs: 2_000, as: FaultState.self)
                #expect(throws: (any Error).self) { try admin.call(.faultList, NoArguments(), timeoutMs: 300, as: FaultState.self) }
                try eventually("the node answers again after its pause") {
                    try admin.call(.faultList, NoArguments(), timeoutMs: 500, as: FaultState.self).faults.isEmpty
                }
                #expect(started.duration(to: .now) >= .milliseconds(1_500))
                #expect {
                    try admin.call(.faultInject, FaultInjectArgs(kind: .pause, durationMs: FaultInjectArgs.maxPauseMs + 1), timeoutMs: 2_000, as: FaultState.self)
                } throws: { error in
                    (error as? APIError)?.code == .badRequest
                }
            }
        }

        @Test("slow disks on both followers hold every commit back by at least their delay")
        func slowDisk() throws {
            try withCluster(nodes: 3) { cluster in
                let leader = try cluster.waitForLeader()
                for follower in cluster.nodeIDs where follower != leader {
                    _ = try cluster.client(node: follower).call(
                        .faultInject, FaultInjectArgs(kind: .slowDisk, durationMs: 30_000, delayMs: 300), timeoutMs: 2_000, as: FaultState.self)
                }
                let client = try cluster.client(node: leader)
                let started = ContinuousClock.now
                _ = try client.createTicket("written to slow disks")
                #expect(started.duration(to: .now) >= .milliseconds(300))
            }
        }

        @Test("bad arguments name their field, and the client key may not inject")
        func refusals() throws {
            try withCluster(nodes: 3) { cluster in
                let node = try cluster.waitForLeader()
                let admin = try cluster.client(node: node)
                for (args, field) in [
                    (FaultInjectArgs(kind: .blackout, durationMs: 0), "args.durationMs"),
                    (FaultInjectArgs(kind: .blackout, durationMs: FaultInjectArgs.maxDurationMs + 1), "args.durationMs"),
                    (FaultInjectArgs(kind: .partition, durationMs: 1_000), "args.peers"),
                    (FaultInjectArgs(kind: .slowDisk, durationMs: 1_000, delayMs: 0), "args.delayMs"),
                ] {
                    #expect {
                        try admin.call(.faultInject, args, timeoutMs: 2_000, as: FaultState.self)
                    } throws: { error in
                        (error as? APIError)?.code == .badRequest && (error as? APIError)?.message.hasPrefix(field) == true
                    }
                }
                #expect {
                    try cluster.client(node: node, role: .client).call(
                        .faultInject, FaultInjectArgs(kind: .blackout, durationMs: 1_000), timeoutMs: 2_000, as: FaultState.self)
                } throws: { error in
                    (error as? APIError)?.code == .forbidden
                }
            }
        }
    }
}
