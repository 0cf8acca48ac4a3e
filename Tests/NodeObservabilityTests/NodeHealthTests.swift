import Foundation
import NodeObservability
import Testing

@Suite struct NodeHealthTests {
    let served = Readiness(commitIndexAtStart: 50, serving: true)

    func follower(
        leaderID: UInt64? = 1, commit: UInt64 = 100, applied: UInt64 = 100, silence: UInt64? = 40,
        readiness: Readiness? = nil
    ) -> NodeHealth {
        NodeHealth.assess(
            nodeID: 2, center: "lyon", role: "follower", term: 4, leaderID: leaderID, commitIndex: commit,
            appliedIndex: applied, millisecondsSinceLeaderContact: silence, readiness: readiness ?? served,
            policy: HealthPolicy(maxApplyLagEntries: 10_000, maxLeaderSilenceMilliseconds: 3_000))
    }

    @Test func aFollowerInTouchWithItsLeaderIsHealthyAndReady() {
        let health = follower(commit: 120, applied: 110)
        #expect(health.healthy)
        #expect(health.ready)
        #expect(health.reason == nil)
        #expect(health.applyLagEntries == 10)
        #expect(health.nodeID == 2 && health.center == "lyon" && health.term == 4 && health.leaderID == 1)
    }

    @Test func noLeaderKnown() {
        let health = follower(leaderID: nil, silence: nil)
        #expect(!health.healthy)
        // It could only answer no_quorum: not ready to serve either.
        #expect(!health.ready)
        #expect(health.reason == "no leader known")
    }

    @Test func applyLagAtTheBoundIsHealthyAndPastItIsNot() {
        #expect(follower(commit: 10_100, applied: 100).healthy)
        let behind = follower(commit: 12_445, applied: 100)
        #expect(!behind.healthy)
        #expect(behind.reason == "applying is 12345 entries behind the commit index")
    }

    @Test func leaderSilencePastTheWindow() {
        #expect(follower(silence: 3_000).healthy)
        let silent = follower(silence: 3_200)
        #expect(!silent.healthy)
        #expect(silent.reason == "no contact with the leader for 3200 ms")
        #expect(follower(silence: nil).reason == "no contact with the leader yet")
    }

    @Test func theLeaderNeedsNoContactWithItself() {
        let leader = NodeHealth.assess(
            nodeID: 1, center: "lyon", role: "leader", term: 4, leaderID: 1, commitIndex: 9, appliedIndex: 9,
            millisecondsSinceLeaderContact: nil, readiness: served)
        #expect(leader.healthy)
    }

    @Test func notReadyWhileReplayingOrNotServing() {
        let replaying = follower(applied: 30, readiness: Readiness(commitIndexAtStart: 50, serving: true))
        #expect(!replaying.ready)
        #expect(replaying.reason == "replaying the log: applied 30 of 50 committed entries")
        let starting = follower(readiness: Readiness(commitIndexAtStart: 50, serving: false))
        #expect(!starting.ready)
        #expect(starting.healthy)
        #expect(starting.reason == "not serving clients yet")
    }

    @Test func everyProblemIsReported() {
        let health = follower(
            leaderID: nil, commit: 20_000, applied: 0, silence: nil,
            readiness: Readiness(commitIndexAtStart: 20_000, serving: false))
        #expect(
            health.reason
                == "no leader known; applying is 20000 entries behind the commit index; "
                + "replaying the log: applied 0 of 20000 committed entries; not serving clients yet")
    }

    @Test func roundTripsThroughJSON() throws {
        let health = follower(leaderID: nil, silence: nil)
        let decoded = try JSONDecoder().decode(NodeHealth.self, from: JSONEncoder().encode(health))
        #expect(decoded == health)
    }

    @Test func vitalsHandOverTheLatestHealth() async {
        let vitals = NodeVitals(.starting(nodeID: 2, center: "lyon"))
        #expect(vitals.current.reason == "starting")
        #expect(!vitals.current.healthy && !vitals.current.ready)
        let latest = follower()
        await Task.detached { vitals.update(latest) }.value
        #expect(vitals.current == latest)
    }

    @Test func liveWhileStartingAndWhileTheLoopTurns() {
        let vitals = NodeVitals(.starting(nodeID: 1, center: "lyon"))
        #expect(vitals.isLive)
        vitals.update(follower(leaderID: nil, silence: nil))
        #expect(vitals.isLive && !vitals.current.healthy)
    }
}
