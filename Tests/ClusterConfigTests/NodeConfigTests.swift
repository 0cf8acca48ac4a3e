import ClusterConfig
import Foundation
import Testing
import ZeroMQ

/// A configuration file in a fresh temporary directory, with the key files the example names
/// (keys/node-1..3, client, admin), removed when the test ends.
final class ConfigFile {
    let directory: URL
    let path: String

    init(_ text: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("keys"), withIntermediateDirectories: true)
        for name in ["node-1", "node-2", "node-3", "client", "admin"] {
            let keys = directory.appendingPathComponent("keys/\(name)").path
            try CurveKeyPair.generate().save(publicKeyPath: keys + ".pub", secretKeyPath: keys + ".key")
        }
        path = directory.appendingPathComponent("node.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Node configuration")
struct NodeConfigTests {
    static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/examples/node-1.json").path

    static var example: String { (try? String(contentsOfFile: examplePath, encoding: .utf8)) ?? "" }

    @Test("the documented example loads, with paths resolved next to the file")
    func exampleLoads() throws {
        let file = try ConfigFile(Self.example)
        let config = try NodeConfig.load(path: file.path)
        #expect(config.id == 1)
        #expect(config.members.map(\.id) == [1, 2, 3])
        #expect(config.members.allSatisfy { $0.voter })
        #expect(config.preferredLeader == 1)
        #expect(config.dataDirectory == file.directory.appendingPathComponent("data/node-1").standardized.path)
        #expect(config.keys.secretKey.hasPrefix("/"))
        #expect(config.raftConfiguration.electionTimeoutTicks == 20)
    }

    @Test("absent optional fields take the WAN defaults")
    func defaults() throws {
        var object = try #require(JSONSerialization.jsonObject(with: Data(Self.example.utf8)) as? [String: Any])
        for key in ["timing", "limits", "clientKeys", "adminKeys", "preferredLeader"] { object[key] = nil }
        let file = try ConfigFile(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let config = try NodeConfig.load(path: file.path)
        #expect(config.timing == .wan)
        #expect(config.limits == Limits())
        #expect(config.clientKeys.isEmpty && config.adminKeys.isEmpty)
        #expect(config.preferredLeader == nil)
    }

    @Test("a configuration naming key files that are not there is refused, each file named")
    func missingKeys() throws {
        let error = #expect(throws: ConfigError.self) { try NodeConfig.load(path: Self.examplePath) }
        let fields = Set(error?.problems.map(\.field) ?? [])
        #expect(fields.isSuperset(of: ["keys.publicKey", "keys.secretKey", "members[0].publicKey", "clientKeys[0]", "adminKeys[0]"]))
    }

    @Test("an election timeout past the silent window's day, or past 64 bits, is refused by name, not trapped on")
    func electionTimeoutOutOfRange() throws {
        // Fuzz/run.sh config's minimised crash: a 4093542 ms tick made the window's lower bound pass its upper one.
        let minimised = #"""
            {"id":2,"center":"","endpoints":{"peer":"","client":"","http":""},"dataDirectory":"","keys":{"publicKey":"","secretKey":""},"members":[],"timing":{"tickMs":4093542}}
            """#
        let exampleTiming = #""timing": { "tickMs": 50, "heartbeatIntervalTicks": 2, "electionTimeoutTicks": 20 }"#
        #expect(Self.example.contains(exampleTiming))
        let timings = [
            #"{"tickMs": 50, "heartbeatIntervalTicks": 2, "electionTimeoutTicks": 1000000}"#,
            #"{"tickMs": 900719925474099350, "electionTimeoutTicks": 42}"#,
            #"{"tickMs": 10000, "electionTimeoutTicks": 9223372036854775807}"#,
            #"{"tickMs": 10000, "electionTimeoutTicks": -9223372036854775808}"#,
            #"{"tickMs": 10000, "electionTimeoutTicks": 4320, "centerSilentDarkAfterMs": 86400001}"#,
        ]
        let texts = [minimised] + timings.map { Self.example.replacingOccurrences(of: exampleTiming, with: #""timing": \#($0)"#) }
        for text in texts {
            let error = #expect(throws: ConfigError.self) { try NodeConfig.parse(Array(text.utf8), file: "node.json") }
            #expect(error?.problems.contains { $0.field == "timing.centerSilentDarkAfterMs" } == true, "\(text)")
        }
        // The bounds themselves still fit: two election timeouts of exactly a day.
        let day = Self.example.replacingOccurrences(
            of: exampleTiming, with: #""timing": {"tickMs": 10000, "electionTimeoutTicks": 4320, "centerSilentDarkAfterMs": 86400000}"#)
        #expect(try NodeConfig.parse(Array(day.utf8), file: "node.json").timing.centerSilentDarkAfterMs == 86_400_000)
    }

    @Test("a missing file is named")
    func missingFile() {
        let error = #expect(throws: ConfigError.self) { try NodeConfig.load(path: "/nonexistent/interflow.json") }
        #expect(error?.file == "/nonexistent/interflow.json")
        #expect(error?.problems.first?.problem.hasPrefix("cannot be read") == true)
    }
}
