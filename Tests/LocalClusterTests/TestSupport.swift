import Foundation
import LocalCluster

/// A fresh folder per test, removed by the caller's `defer`.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("local-cluster-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A stand-in for center-node: a shell script with `body`, executable, in `directory`.
func makeStandIn(in directory: String, named name: String = "fake-center-node", body: String) throws -> String {
    let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
    // Close-on-exec: a node another test starts meanwhile must not inherit this descriptor, or
    // exec of the script fails with "Text file busy" for as long as that node runs.
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { _ = close(descriptor) }
    let script = Array("#!/bin/sh\n\(body)\n".utf8)
    let written = script.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == script.count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return path
}

/// A stand-in that runs until signalled; its loop sleeps briefly so it reacts to SIGTERM within
/// one sleep and leaves no long-lived orphan when killed.
let longRunningBody = "while :; do sleep 0.05; done"

/// Stops every recorded node by pid; for `defer` in tests that start processes.
func stopAllNodes(_ state: LocalClusterState) {
    var state = state
    LocalClusterControl.stopAll(in: &state, graceMs: 2_000)
}

/// Checks `condition` every 10 ms until it holds or `timeoutMs` passed; returns whether it held.
/// For what a child process does a moment after it starts, which no pipe announces.
@discardableResult
func waitUntil(timeoutMs: Int, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}
