import Foundation
import LocalCluster
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ProcessControlTests {
    @Test func neverSignalsAPidWhoseCommandLineIsNotOurs() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Another program, as a reused pid would be: same pid, different command line.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        // SIGKILL by the pid we own: Foundation's Process starts children with SIGTERM blocked when run
        // under the test runner, so terminate() would wait out the sleep.
        defer {
            kill(other.processIdentifier, SIGKILL)
            other.waitUntilExit()
        }
        let pid = other.processIdentifier
        let identity = ProcessIdentity(executable: "/opt/interflow/center-node", configPath: directory + "/node-1/config.json")

        // run() can return before the child has exec'd; wait (bounded) until it runs sleep.
        let expected = ["/bin/sleep", "30"]
        waitUntil(timeoutMs: 2_000) { ProcessIdentity.commandLine(pid: pid) == expected }
        #expect(ProcessIdentity.commandLine(pid: pid) == expected)
        #expect(!identity.matches(pid: pid))
        #expect(!ProcessControl.signal(SIGKILL, pid: pid, identity: identity))
        #expect(ProcessControl.stop(pid: pid, identity: identity, graceMs: 100) == .notOurs)
        #expect(other.isRunning)
    }

    @Test func aStandInIsRecognisedByExecutableAndConfig() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let standIn = try makeStandIn(in: directory, body: longRunningBody)
        var (state, _) = try LocalClusterControl.prepare(
            directory: directory + "/cluster", nodeCount: 1, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 1, in: &state)
        defer { stopAllNodes(state) }
        let pid = try #require(state.nodes[0].pid)
        let ours = LocalClusterControl.identity(state.nodes[0], in: state)

        #expect(ours.matches(pid: pid))
        #expect(!ProcessIdentity(executable: standIn, configPath: directory + "/other.json").matches(pid: pid))
        #expect(LocalClusterControl.runningNodes(state).map(\.id) == [1])
        #expect(try LocalClusterState.load(directory: state.directory).nodes[0].pid == pid)
    }

    @Test func stopsAStandInWithSigterm() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let standIn = try makeStandIn(in: directory, body: "trap 'exit 0' TERM\n" + longRunningBody)
        var (state, _) = try LocalClusterControl.prepare(
            directory: directory + "/cluster", nodeCount: 1, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 1, in: &state)
        defer { stopAllNodes(state) }
        let pid = try #require(state.nodes[0].pid)

        let outcome = try LocalClusterControl.stop(node: 1, in: &state, graceMs: 5_000)
        #expect(outcome == .terminated)
        #expect(ProcessIdentity.commandLine(pid: pid) == nil)
        #expect(state.nodes[0].pid == nil)
        #expect(try LocalClusterState.load(directory: state.directory).nodes[0].pid == nil)
    }

    @Test func killsAStandInThatIgnoresSigtermAfterTheGracePeriod() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Each stand-in says once its trap is in place, so that it is signalled only then.
        let standIn = try makeStandIn(in: directory, body: "trap '' TERM\ntouch \"$(dirname \"$0\")/trap-set-$$\"\n" + longRunningBody)
        var (state, _) = try LocalClusterControl.prepare(
            directory: directory + "/cluster", nodeCount: 2, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 1, in: &state)
        try LocalClusterControl.start(node: 2, in: &state)
        defer { stopAllNodes(state) }
        let pids = state.nodes.compactMap(\.pid)
        #expect(pids.count == 2)
        func trapsSet() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("trap-set-") }.count
        }
        #expect(waitUntil(timeoutMs: 10_000) { trapsSet() == 2 }, "the stand-ins did not set their traps within 10 s")

        let started = ContinuousClock.now
        let outcomes = LocalClusterControl.stopAll(in: &state, graceMs: 300)
        #expect(outcomes.map(\.outcome) == [.killed, .killed])
        #expect(ContinuousClock.now - started < .seconds(5))
        for pid in pids { #expect(ProcessIdentity.commandLine(pid: pid) == nil) }
    }

    @Test func stoppingAnAlreadyEndedProcessReportsHowItEnded() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let standIn = try makeStandIn(in: directory, body: "exit 7")
        var (state, _) = try LocalClusterControl.prepare(
            directory: directory + "/cluster", nodeCount: 1, basePort: nil, centerNode: standIn)
        try LocalClusterControl.start(node: 1, in: &state)
        defer { stopAllNodes(state) }
        let pid = try #require(state.nodes[0].pid)
        #expect(ProcessControl.waitForExit(pid: pid, timeoutMs: 5_000) == .exited(code: 7))
        #expect(ProcessControl.exitStatus(pid: pid) == .unknown)
    }
}
