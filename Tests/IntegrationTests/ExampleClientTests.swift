import Foundation
import InterflowTesting
import Testing

extension RealProcesses {
    @Suite("The Python example client")
    struct ExampleClientTests {
        /// examples/python/interflow_client.py, found from this file's place in the repository.
        static let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/python/interflow_client.py").path

        @Test("runs against a local cluster with a stock pyzmq (installed by .ci/run)")
        func pythonExample() throws {
            try withCluster(nodes: 3) { cluster in
                try cluster.waitForLeader()
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", Self.script, cluster.directory]
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                try process.run()
                let finished = DispatchSemaphore(value: 0)
                process.terminationHandler = { _ in finished.signal() }
                if finished.wait(timeout: .now() + 60) == .timedOut {
                    kill(process.processIdentifier, SIGKILL)
                    Issue.record("the example did not finish within 60 s")
                    return
                }
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(process.terminationStatus == 0, "python3 \(Self.script) said:\n\(text)\n(pyzmq missing? pip install pyzmq)")
                #expect(text.contains("sees 2 history lines"), "\(text)")
                #expect(text.contains("20 pipelined appends committed"), "\(text)")
                #expect(text.hasSuffix("ok\n"), "\(text)")
            }
        }
    }
}
