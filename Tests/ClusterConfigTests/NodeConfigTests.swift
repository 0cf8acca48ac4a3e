import ClusterConfig
import Foundation
import Testing

/// A configuration file in a fresh temporary directory, removed when the test ends.
final class ConfigFile {
    let directory: URL
    let path: String

    init(_ text: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
        let config = try NodeConfig.load(path: Self.examplePath)
        #expect(config.id == 1)
        #expect(config.members.map(\.id) == [1, 2, 3])
        #expect(config.members.allSatisfy { $0.voter })
        #expect(config.preferredLeader == 1)
        #expect(config.dataDirectory.hasSuffix("Deploy/examples/data/node-1"))
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

    struct BadCase: Sendable, CustomTestStringConvertible {
        var find: String
        var replace: String
        var field: String
        var problem: String
        var testDescription: String { "\(field): \(problem)" }
    }

    static let badCases = [
        BadCase(find: "\"id\": 1,", replace: "\"id\": 0,", field: "id", problem: "must be at least 1"),
        BadCase(find: "\"id\": 1,", replace: "\"id\": \"one\",", field: "id", problem: "must be a whole number"),
        BadCase(find: "\"center\": \"chengdu\",\n", replace: "", field: "center", problem: "is required but missing"),
        BadCase(
            find: "\"peer\": \"tcp://10.20.0.1:7100\",\n", replace: "\"peer\": \"10.20.0.1\",\n", field: "endpoints.peer",
            problem: "must be a ZeroMQ TCP endpoint such as tcp://127.0.0.1:7100, not '10.20.0.1'"),
        BadCase(
            find: "\"http\": \"10.20.0.1:7300\"", replace: "\"http\": \"10.20.0.1:99999\"", field: "endpoints.http",
            problem: "must be host:port, not '10.20.0.1:99999'"),
        BadCase(
            find: "{ \"id\": 2,", replace: "{ \"id\": 3,", field: "members[2].id", problem: "3 is listed twice"),
        BadCase(
            find: "\"preferredLeader\": 1", replace: "\"preferredLeader\": 7", field: "preferredLeader",
            problem: "7 is not a voting member"),
        BadCase(
            find: "\"tickMs\": 50", replace: "\"tickMs\": 0", field: "timing.tickMs", problem: "must be between 1 and 10000"),
        BadCase(
            find: "\"heartbeatIntervalTicks\": 2", replace: "\"heartbeatIntervalTicks\": 30",
            field: "timing.heartbeatIntervalTicks", problem: "must be at least 1 and below electionTimeoutTicks"),
        BadCase(
            find: "\"requestTimeoutMs\": 5000", replace: "\"requestTimeoutMs\": 0", field: "limits.requestTimeoutMs",
            problem: "must be at least 1"),
        BadCase(find: "\"members\": [", replace: "\"members\": {", field: "", problem: "is not valid JSON"),
    ]

    @Test("a bad configuration names the file, the field and what is wrong", arguments: badCases)
    func badConfiguration(_ example: BadCase) throws {
        #expect(Self.example.contains(example.find))
        let file = try ConfigFile(Self.example.replacingOccurrences(of: example.find, with: example.replace))
        let error = #expect(throws: ConfigError.self) { try NodeConfig.load(path: file.path) }
        #expect(error?.file == file.path)
        #expect(error?.problems.contains(ConfigError.Problem(field: example.field, problem: example.problem)) == true,
            "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.description.hasPrefix(file.path + ": ") == true)
    }

    @Test("a missing file is named")
    func missingFile() {
        let error = #expect(throws: ConfigError.self) { try NodeConfig.load(path: "/nonexistent/interflow.json") }
        #expect(error?.file == "/nonexistent/interflow.json")
        #expect(error?.problems.first?.problem.hasPrefix("cannot be read") == true)
    }
}
