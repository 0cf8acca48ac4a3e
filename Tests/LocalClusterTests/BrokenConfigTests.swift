import Foundation
import LocalCluster
import Testing

/// The center-node executable, as `swift test` builds every product.
private let centerNode = try? CenterNodeLocator.locate()

/// `center-node --check-config` on a table of broken configurations: each must exit 2 and name the
/// file, the field and what is wrong. The cases start from a configuration `clusterctl local up`
/// would write (with real keys) and break one thing each.
@Suite(.enabled(if: centerNode != nil, "needs a built center-node"))
struct BrokenConfigTests {
    struct Case: Sendable {
        var name: String
        /// The field the error must name ("" for the file as a whole), and a part of what it says.
        var field: String
        var says: String
        /// Fields that must not be named: misleading names the core's own checks once gave.
        var notNamed: [String] = []
        var breakIt: @Sendable (inout [String: Any], _ keys: String) throws -> Void
    }

    static func set(_ config: inout [String: Any], _ path: [String], _ value: Any?) {
        guard let first = path.first else { return }
        if path.count == 1 {
            config[first] = value
            return
        }
        if var list = config[first] as? [[String: Any]], let position = Int(path[1]) {
            var element = list[position]
            set(&element, Array(path.dropFirst(2)), value)
            list[position] = element
            config[first] = list
            return
        }
        var inner = config[first] as? [String: Any] ?? [:]
        set(&inner, Array(path.dropFirst()), value)
        config[first] = inner
    }

    static func writeKeyText(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    static let cases: [Case] = [
        Case(name: "unknown field", field: "colour", says: "is not a known field") { c, _ in c["colour"] = "red" },
        Case(name: "typo falls back to a default no more", field: "timing.tickMS", says: "did you mean `tickMs`?") { c, _ in
            set(&c, ["timing", "tickMS"], 20)
        },
        Case(name: "typo of a required field", field: "members[1].publicKey", says: "`publicKye` is given: a typo?") { c, _ in
            let key = ((c["members"] as? [[String: Any]])?[1]["publicKey"]) as Any
            set(&c, ["members", "1", "publicKey"], nil)
            set(&c, ["members", "1", "publicKye"], key)
        },
        Case(name: "fractional id", field: "id", says: "must be a whole number from 0 to 18446744073709551615, not 1.5") {
            c, _ in c["id"] = 1.5
        },
        Case(name: "id 0", field: "id", says: "must be at least 1", notNamed: ["limits.id"]) { c, _ in c["id"] = 0 },
        Case(name: "id as text", field: "id", says: "must be a whole number") { c, _ in c["id"] = "one" },
        Case(name: "negative frame limit", field: "limits.maxFrameBytes", says: "must be at least 1024", notNamed: ["limits.maxBytesPerAppend"]) { c, _ in
            set(&c, ["limits", "maxFrameBytes"], -1)
        },
        Case(name: "missing center", field: "center", says: "is required but missing") { c, _ in c["center"] = nil },
        Case(name: "no members", field: "members", says: "must list every member") { c, _ in c["members"] = [Any]() },
        Case(name: "member listed twice", field: "members[2].id", says: "is listed twice") { c, _ in
            set(&c, ["members", "2", "id"], 2)
        },
        Case(name: "tick of 0", field: "timing.tickMs", says: "must be between 1 and 10000") { c, _ in set(&c, ["timing", "tickMs"], 0) },
        Case(name: "heartbeat slower than an election", field: "timing.heartbeatIntervalTicks", says: "below electionTimeoutTicks") {
            c, _ in set(&c, ["timing", "heartbeatIntervalTicks"], 300)
        },
        Case(name: "bad http address", field: "endpoints.http", says: "must be host:port") { c, _ in
            set(&c, ["endpoints", "http"], "127.0.0.1:99999")
        },
        Case(name: "preferred leader unknown", field: "preferredLeader", says: "7 is not a voting member") { c, _ in c["preferredLeader"] = 7 },
        Case(name: "client endpoint equals peer endpoint", field: "endpoints.client", says: "must differ from endpoints.peer") { c, _ in
            set(&c, ["endpoints", "client"], (c["endpoints"] as? [String: Any])?["peer"])
        },
        Case(name: "two members share a peer endpoint", field: "members[2].peer", says: "is also members[1].peer") { c, _ in
            set(&c, ["members", "2", "peer"], (c["members"] as? [[String: Any]])?[1]["peer"])
        },
        Case(name: "own entry with another center", field: "members[0].center", says: "must equal center") { c, _ in
            set(&c, ["members", "0", "center"], "nowhere")
        },
        Case(name: "own entry with another key", field: "members[0].publicKey", says: "names another key than keys.publicKey") {
            c, keys in set(&c, ["members", "0", "publicKey"], keys + "/node-2.pub")
        },
        Case(name: "missing secret key", field: "keys.secretKey", says: "No such file or directory") { c, keys in
            set(&c, ["keys", "secretKey"], keys + "/missing.key")
        },
        Case(name: "missing client key", field: "clientKeys[0]", says: "cannot read key file") { c, keys in
            c["clientKeys"] = [keys + "/nobody.pub"]
        },
        Case(name: "admin key that is not a key", field: "adminKeys[0]", says: "a CURVE key must be 40 characters") { c, keys in
            try writeKeyText("not a key at all", to: keys + "/garbage.pub", mode: 0o644)
            c["adminKeys"] = [keys + "/garbage.pub"]
        },
        Case(name: "mismatched key pair", field: "keys.secretKey", says: "does not belong to keys.publicKey") { c, keys in
            set(&c, ["keys", "secretKey"], keys + "/node-2.key")
        },
        Case(name: "garbage secret key", field: "keys.secretKey", says: "a CURVE key must be 40 characters") { c, keys in
            try writeKeyText("garbage", to: keys + "/garbage.key", mode: 0o600)
            set(&c, ["keys", "secretKey"], keys + "/garbage.key")
        },
        Case(name: "world-readable secret key", field: "keys.secretKey", says: "has mode 0644") { c, keys in
            let secret = try String(contentsOfFile: keys + "/node-1.key", encoding: .utf8)
            try writeKeyText(secret, to: keys + "/open.key", mode: 0o644)
            set(&c, ["keys", "secretKey"], keys + "/open.key")
        },
    ]

    /// A fresh local-cluster layout (keys and configs, no processes); node 1's config, with absolute paths.
    static func layout() throws -> (directory: String, config: [String: Any], keys: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-configs-\(UUID().uuidString)").path
        let layout = try LocalClusterLayout(directory: directory, nodeCount: 3)
        _ = try layout.generate(centerNode: "center-node")
        let text = try Data(contentsOf: URL(fileURLWithPath: layout.configPath(1)))
        let config = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
        return (directory, config, layout.keysDirectory)
    }

    static func check(_ config: [String: Any], in directory: String, name: String) throws -> ProcessRun {
        let path = directory + "/node-1/\(name.replacingOccurrences(of: " ", with: "-")).json"
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return try ProcessRun.run(try #require(centerNode), ["--check-config", path])
    }

    @Test("each broken configuration exits 2 naming the file, the field and what is wrong; the unbroken one is valid")
    func table() throws {
        let (directory, config, keys) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let valid = try Self.check(config, in: directory, name: "valid")
        #expect(valid.status == 0 && valid.output.contains(": valid."), "\(valid.errors)")
        for example in Self.cases {
            var broken = config
            try example.breakIt(&broken, keys)
            let run = try Self.check(broken, in: directory, name: example.name)
            let path = directory + "/node-1/\(example.name.replacingOccurrences(of: " ", with: "-")).json"
            let lines = run.errors.split(separator: "\n").map(String.init)
            let wanted = "\(path): field `\(example.field)`: "
            #expect(run.status == 2, "\(example.name): exit \(run.status)")
            #expect(lines.contains { $0.hasPrefix(wanted) && $0.contains(example.says) }, "\(example.name): \(run.errors)")
            for field in example.notNamed { #expect(!run.errors.contains("`\(field)`"), "\(example.name): \(run.errors)") }
        }
    }

    @Test("a node started with a bad key stops before it binds anything: no HTTP server, no socket")
    func badKeyFailsBeforeBinding() throws {
        let (directory, original, keys) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = original
        Self.set(&config, ["keys", "secretKey"], keys + "/node-2.key")
        let path = directory + "/node-1/mismatched.json"
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        let run = try ProcessRun.run(try #require(centerNode), ["--config", path])
        #expect(run.status == 2, "exit \(run.status)")
        #expect(run.errors.contains("\(path): field `keys.secretKey`: does not belong to keys.publicKey"), "\(run.errors)")
        #expect(!(run.output + run.errors).contains("listening"), "it bound something first: \(run.output)\(run.errors)")
    }

    @Test("text that is not JSON, or gives a field twice, is named as such")
    func notJSON() throws {
        let (directory, _, _) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try String(contentsOfFile: directory + "/node-1/config.json", encoding: .utf8)
        for (name, text, says) in [
            ("truncated", String(original.dropLast(5)), ": is not valid JSON"),
            ("twice", original.replacingOccurrences(of: "{", with: "{\"id\": 1,", options: [], range: original.range(of: "{")), ": field `id`: is given twice"),
        ] {
            let path = directory + "/node-1/\(name).json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let run = try ProcessRun.run(try #require(centerNode), ["--check-config", path])
            #expect(run.status == 2 && run.errors.hasPrefix(path + says), "\(name): \(run.errors)")
        }
    }
}
