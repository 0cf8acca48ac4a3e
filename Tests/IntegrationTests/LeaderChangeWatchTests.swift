import ClientAPI
import ClusterConfig
import ContactCenter
import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    /// Issue 12's regional outage on eight real processes: a new leader starts every peer's silence
    /// from zero, which once passed for "its nodes answer again".
    @Suite("A new leader inherits the watch")
    struct LeaderChangeWatchTests {
        static let silenceWindowMs = Timing.local.centerSilentDarkAfterMs

        /// What must not change while a dead center stays dark: a recovery and a new dark would
        /// move the start and count a flap, which doubles the hold-down.
        struct DarkSpell: Equatable {
            var status: CenterStatus
            var statusSinceMs: Int64
            var holdDownMs: Int64
            var flaps: Int

            init(_ record: CenterStatusRecord) {
                status = record.status
                statusSinceMs = record.statusSinceMs
                holdDownMs = record.holdDownMs
                flaps = record.flaps
            }
        }

        @Test("Guangzhou and Nanning dead, then the leader killed: the new leader commits no recovery for them, their hold-down is unchanged")
        func leaderKilledDuringRegionalOutage() throws {
            try withCluster(nodes: 8) { cluster in
                let drill = try Drill.start(on: cluster)
                let chengdu = try drill.node("chengdu")
                let observer = try cluster.clientKey(node: try drill.node("beijing"))
                try eventually("Chengdu, the preferred center, leads", timeoutMs: 20_000) { try observer.status().leader?.id == chengdu }
                let dead = ["guangzhou", "nanning"]
                for center in dead { try cluster.kill(node: try drill.node(center)) }
                let before = try dead.map { DarkSpell(try drill.waitFor($0, .dark, via: observer)) }

                try cluster.kill(node: chengdu)
                let successor = try cluster.waitForLeader()
                #expect(successor != chengdu)
                // Twice the window and three clock entries: under the old rule the new leader's first
                // clock entry committed `recovering` and the window's end committed dark again.
                let watchedMs = 2 * Self.silenceWindowMs + 3_000
                let observations = throughout(forMs: watchedMs) {
                    let centers = try drill.centers(observer)
                    let now = try dead.map { DarkSpell(try #require(centers[$0])) }
                    #expect(now == before, "under leader \(successor)")
                    return now == before
                }
                #expect(observations >= watchedMs / 200, "center.status answered \(observations) times in \(watchedMs) ms")
                // The old leader's center still goes dark under the new one: never heard this term
                // revives nothing, and a whole window without a word is silence.
                _ = try drill.waitFor("chengdu", .dark, via: observer)
            }
        }
    }
}
