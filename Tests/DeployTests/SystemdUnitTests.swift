import ClusterConfig
import Foundation
import Testing

/// Deploy/systemd/center-node.service and install.sh: the unit as systemd itself reads it
/// (`systemd-analyze verify` and `security`), its hardening directive by directive, and the
/// layout the install script makes.
@Suite struct SystemdUnitTests {
    static let unitPath = ExternalTool.path("Deploy/systemd/center-node.service")
    static let installScript = ExternalTool.path("Deploy/systemd/install.sh")

    // MARK: - systemd-analyze

    /// `verify` fails when ExecStart's binary is missing, and /usr/local/bin/center-node is not
    /// installed here: a copy with the two commands pointed at an executable that exists is
    /// verified instead, every other line unchanged. (`--root=` does not help on systemd 252: it
    /// then wants a whole unit tree under that root, down to sysinit.target.)
    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed (Debian: apt-get install systemd)"))
    func verifyAcceptsEveryLine() throws {
        let analyze = try #require(systemdAnalyze)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unit = try verifiableCopy(in: directory)

        let outcome = try ExternalTool.run(analyze, ["verify", "--man=no", unit], in: directory)
        // verify exits 0 even for an unknown key or a value it cannot parse (it ignores the line and
        // says so), so any line about our unit is a failure. Lines about other units (a host's own
        // broken units show up when it loads the targets we order against) are not ours to judge.
        let ours = outcome.output.split(separator: "\n").filter { $0.contains("center-node") }
        #expect(outcome.status == 0, "systemd-analyze verify: \(outcome.output)")
        #expect(ours.isEmpty, "systemd-analyze verify complains about the unit:\n\(ours.joined(separator: "\n"))")

        // The check is not vacuous on this systemd: a misspelt hardening directive is reported.
        let mutantDirectory = directory + "/mutant"
        try FileManager.default.createDirectory(atPath: mutantDirectory, withIntermediateDirectories: true)
        let mutant = mutantDirectory + "/center-node.service"
        let broken = try String(contentsOfFile: unit, encoding: .utf8)
            .replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSystm=strict")
        try broken.write(toFile: mutant, atomically: true, encoding: .utf8)
        let mutantOutcome = try ExternalTool.run(analyze, ["verify", "--man=no", mutant], in: mutantDirectory)
        #expect(mutantOutcome.output.contains("Unknown key 'ProtectSystm'"), "verify did not see a misspelt key: \(mutantOutcome.output)")
    }

    /// `security --offline=yes` (systemd 250 and later) scores a unit file without a running
    /// manager. 2.9 when written ("OK"); the threshold makes systemd-analyze itself fail above 3.0,
    /// so a directive lost later shows here. What is left: no system-call filter (not verified
    /// here, where no systemd runs services), the host network, and the AF_NETLINK libzmq needs.
    @Test(.enabled(if: (systemdVersion ?? 0) >= 250, "needs systemd-analyze 250 or later for `security --offline`"))
    func securityExposureIsAtMostThree() throws {
        let analyze = try #require(systemdAnalyze)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unit = try verifiableCopy(in: directory)

        let outcome = try ExternalTool.run(analyze, ["security", "--offline=yes", "--threshold=30", unit], in: directory)
        #expect(outcome.status == 0, "exposure above 3.0, or the analysis failed:\n\(outcome.output)")
        let match = try #require(
            outcome.output.firstMatch(of: /exposure level for center-node\.service: ([0-9]+\.[0-9])/),
            "no overall exposure level in: \(outcome.output)")
        let exposure = try #require(Double(match.1))
        #expect(exposure <= 3.0, "overall exposure \(exposure)")
    }

    // MARK: - The unit's directives

    /// Each line an SRE's review would look for, with the value it must have. One assignment
    /// each, so a later line cannot quietly undo an earlier one.
    static let expected: [(section: String, key: String, value: String)] = [
        ("Unit", "Documentation", "file:///usr/local/share/doc/interflow/README.md"),  // Deploy/README.md, installed there
        ("Unit", "Wants", "network-online.target"),
        ("Unit", "After", "network-online.target"),
        ("Service", "User", "interflow"),
        ("Service", "Group", "interflow"),
        // `-`: a refusal is left to ExecStart, whose exit status 2 RestartPreventExitStatus sees
        // (systemd tests only the main process's status; see the unit's comment).
        ("Service", "ExecStartPre", "-/usr/local/bin/center-node --check-config /etc/interflow/node.json"),
        ("Service", "ExecStart", "/usr/local/bin/center-node --config /etc/interflow/node.json"),
        ("Service", "KillSignal", "SIGTERM"),
        ("Service", "Restart", "on-failure"),
        ("Service", "LimitNOFILE", "65536"),
        ("Service", "UMask", "0077"),
        ("Service", "ProtectSystem", "strict"),
        ("Service", "ReadWritePaths", "/var/lib/interflow"),
        ("Service", "StateDirectory", "interflow"),
        ("Service", "StateDirectoryMode", "0700"),
        ("Service", "NoNewPrivileges", "yes"),
        ("Service", "ProtectHome", "yes"),
        ("Service", "PrivateTmp", "yes"),
        ("Service", "PrivateDevices", "yes"),
        ("Service", "ProtectKernelTunables", "yes"),
        ("Service", "ProtectKernelModules", "yes"),
        ("Service", "ProtectKernelLogs", "yes"),
        ("Service", "ProtectControlGroups", "yes"),
        ("Service", "RestrictNamespaces", "yes"),
        ("Service", "LockPersonality", "yes"),
        ("Service", "MemoryDenyWriteExecute", "yes"),
        ("Service", "SystemCallArchitectures", "native"),
        ("Service", "CapabilityBoundingSet", ""),
    ]

    @Test func hardeningDirectivesHaveTheirValues() throws {
        let unit = try UnitFile(path: Self.unitPath)
        for (section, key, value) in Self.expected {
            let found = unit.values(key, in: section)
            #expect(found == [value], "[\(section)] \(key): expected exactly `\(value)`, found \(found)")
        }
        // Internet sockets for the endpoints, Unix ones for libzmq's signalling, netlink for the
        // getifaddrs(3) with which libzmq resolves a bind address (it aborts without it).
        let families = unit.values("RestrictAddressFamilies", in: "Service")
        #expect(families.count == 1)
        #expect(Set(families.first?.split(separator: " ").map(String.init) ?? []) == ["AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK"])
        let restartSeconds = try #require(unit.values("RestartSec", in: "Service").first.flatMap(Self.seconds))
        #expect(restartSeconds > 0, "RestartSec must leave a pause between restarts")
    }

    /// center-node exits 2 on a bad configuration or key file (1 on a runtime failure): the unit
    /// must not restart on 2, and the code must still mean that.
    @Test func badConfigurationIsNotRestarted() throws {
        let unit = try UnitFile(path: Self.unitPath)
        let prevented = unit.values("RestartPreventExitStatus", in: "Service").flatMap { $0.split(separator: " ").map(String.init) }
        #expect(prevented.contains("2"), "RestartPreventExitStatus: \(prevented)")
        let command = try String(contentsOfFile: ExternalTool.path("Sources/CenterNode/CenterNodeCommand.swift"), encoding: .utf8)
        let loadThenExit = /NodeConfig\.load\(path: path\)\s*\}\s*catch\s*\{[^}]*throw ExitCode\(2\)/
        #expect(command.contains(loadThenExit), "center-node no longer exits 2 when its configuration cannot be loaded: update the unit")
    }

    /// The node's graceful shutdown: the stop is seen at the loop's next turn (at most a tick,
    /// 50 ms with the default WAN timing), then pending writes are synced, sockets closed, and a
    /// snapshot being taken is waited for, up to NodeLoop.snapshotWaitAtCloseMs (10 s), before the
    /// store closes. That constant is internal to NodeServer (not a dependency of this target),
    /// so it is read from the source: moving or renaming it fails here rather than silently.
    @Test func stopTimeoutCoversGracefulShutdown() throws {
        let loop = try String(contentsOfFile: ExternalTool.path("Sources/NodeServer/NodeLoop.swift"), encoding: .utf8)
        let match = try #require(
            loop.firstMatch(of: /static let snapshotWaitAtCloseMs = ([0-9_]+)/),
            "NodeLoop.snapshotWaitAtCloseMs not found: check TimeoutStopSec against the node's shutdown again")
        let snapshotWaitMs = try #require(Int(match.1.replacingOccurrences(of: "_", with: "")))
        let budgetMs = snapshotWaitMs + Timing.wan.tickMs

        let unit = try UnitFile(path: Self.unitPath)
        let timeout = try #require(unit.values("TimeoutStopSec", in: "Service").first.flatMap(Self.seconds), "TimeoutStopSec")
        // Above the budget, with room for the final fsync on a slow disk; not so far above that a
        // hung node holds a restart or a reboot up for long.
        #expect(timeout * 1_000 > Double(budgetMs), "TimeoutStopSec \(timeout) s is within the \(budgetMs) ms graceful shutdown")
        #expect(timeout * 1_000 <= Double(budgetMs + 10_000), "TimeoutStopSec \(timeout) s is far above the \(budgetMs) ms graceful shutdown")
    }

    // MARK: - install.sh

    /// Stages an install into a temporary root (no useradd, no chown, no systemctl there), then
    /// checks modes, that a second run keeps the key, and that a config is checked before it is
    /// installed. Needs the built center-node and clusterctl (`swift build`).
    @Test(.enabled(if: builtExecutables != nil, "needs center-node and clusterctl built (swift build)"))
    func installStagesTheLayout() throws {
        let bash = try #require(ExternalTool.locate("bash"))
        let binaries = try #require(builtExecutables)
        let directory = try makeTemporaryDirectory()
        // Removed however the test ends; every file in it is ours and writable by its owner.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = directory + "/root"
        func install(_ extra: [String] = []) throws -> ExternalTool.Outcome {
            try ExternalTool.run(bash, [Self.installScript, "--root", root, "--bin-dir", binaries] + extra, timeoutSeconds: 120)
        }

        let first = try install()
        try #require(first.status == 0, "install.sh: \(first.output)")
        let modes: [(String, Int)] = [
            ("etc/interflow", 0o750), ("etc/interflow/keys", 0o750), ("etc/interflow/keys/node.key", 0o400),
            ("etc/interflow/keys/node.pub", 0o644), ("var/lib/interflow", 0o700), ("usr/local/bin/center-node", 0o755),
            ("usr/local/bin/clusterctl", 0o755), ("etc/systemd/system/center-node.service", 0o644),
            ("usr/local/share/doc/interflow/README.md", 0o644),
        ]
        for (path, mode) in modes {
            let found = try FileManager.default.attributesOfItem(atPath: "\(root)/\(path)")[.posixPermissions] as? Int
            #expect(found == mode, "\(path): mode \(found.map { String($0, radix: 8) } ?? "?"), expected \(String(mode, radix: 8))")
        }
        #expect(try contents(root + "/etc/systemd/system/center-node.service") == contents(Self.unitPath))
        #expect(try contents(root + "/usr/local/share/doc/interflow/README.md") == contents(ExternalTool.path("Deploy/README.md")))
        let secretKey = try contents(root + "/etc/interflow/keys/node.key")
        #expect(secretKey.count == 41, "a Z85 key and a newline")
        // It never starts the service: it says how to.
        #expect(first.output.contains("systemctl daemon-reload && systemctl enable --now center-node"), "\(first.output)")

        // Idempotent: the key pair (the node's identity) survives a second run.
        let second = try install()
        #expect(second.status == 0, "second run: \(second.output)")
        #expect(try contents(root + "/etc/interflow/keys/node.key") == secretKey)

        // A config naming the generated keys is checked by center-node in its new place, then installed.
        let good = directory + "/node.json"
        try Self.singleNodeConfig.write(toFile: good, atomically: true, encoding: .utf8)
        let withConfig = try install(["--config", good])
        #expect(withConfig.status == 0, "with --config: \(withConfig.output)")
        #expect(withConfig.output.contains("valid. Node 1 (chengdu)"), "\(withConfig.output)")
        let config = root + "/etc/interflow/node.json"
        #expect(try FileManager.default.attributesOfItem(atPath: config)[.posixPermissions] as? Int == 0o640)

        // A config center-node refuses is not installed, and the one in place stays.
        let bad = directory + "/bad.json"
        try Self.singleNodeConfig.replacingOccurrences(of: "\"dataDirectory\"", with: "\"colour\": \"red\", \"dataDirectory\"")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try install(["--config", bad])
        #expect(refused.status != 0)
        #expect(refused.output.contains("colour"), "the refusal names the field: \(refused.output)")
        #expect(try contents(config) == contents(good))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/etc/interflow").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// Without --root it must be root; as root here, the check runs as nobody (setpriv).
    @Test func installRefusesWithoutRoot() throws {
        let bash = try #require(ExternalTool.locate("bash"))
        let outcome: ExternalTool.Outcome
        if getuid() == 0 {
            let setpriv = try #require(ExternalTool.locate("setpriv"), "running as root, dropping to nobody needs setpriv (util-linux)")
            outcome = try ExternalTool.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", bash, Self.installScript])
        } else {
            outcome = try ExternalTool.run(bash, [Self.installScript])
        }
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("must run as root"), "\(outcome.output)")
    }

    // MARK: - Helpers

    /// Node 1 alone, with the key pair install.sh makes (paths relative to /etc/interflow) and the
    /// data directory the unit lets it write.
    static let singleNodeConfig = """
        {
          "id": 1,
          "center": "chengdu",
          "endpoints": { "peer": "tcp://127.0.0.1:7100", "client": "tcp://127.0.0.1:7200", "http": "127.0.0.1:7300" },
          "dataDirectory": "/var/lib/interflow",
          "keys": { "publicKey": "keys/node.pub", "secretKey": "keys/node.key" },
          "members": [
            { "id": 1, "center": "chengdu", "peer": "tcp://127.0.0.1:7100", "client": "tcp://127.0.0.1:7200", "publicKey": "keys/node.pub" }
          ]
        }
        """

    /// A systemd time span in seconds: `15`, `15s`, `500ms`, `2min`, `1min 30s`.
    static func seconds(_ span: String) -> Double? {
        let units: [String: Double] = ["": 1, "s": 1, "sec": 1, "ms": 0.001, "m": 60, "min": 60]
        var total = 0.0
        for part in span.split(separator: " ") {
            guard let match = part.wholeMatch(of: /([0-9]+(?:\.[0-9]+)?)([a-z]*)/), let number = Double(match.1),
                let unit = units[String(match.2)]
            else { return nil }
            total += number * unit
        }
        return span.isEmpty ? nil : total
    }

    /// The unit with its two center-node paths pointed at an executable that exists (`true`),
    /// written to `directory` under the unit's own name; fails if the paths were not found.
    private func verifiableCopy(in directory: String) throws -> String {
        let stand = try #require(ExternalTool.locate("true"))
        let text = try contents(Self.unitPath)
        let commands = text.components(separatedBy: "/usr/local/bin/center-node").count - 1
        try #require(commands == 2, "expected ExecStartPre and ExecStart to run /usr/local/bin/center-node, found \(commands)")
        let path = directory + "/center-node.service"
        try text.replacingOccurrences(of: "/usr/local/bin/center-node", with: stand).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    private func makeTemporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-systemd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A unit file's assignments per section, as systemd reads them: `#` and `;` comments and
    /// blank lines skipped, backslash continuations joined, whitespace around `=` trimmed.
    struct UnitFile {
        var assignments: [(section: String, key: String, value: String)] = []

        init(path: String) throws {
            var section = ""
            var pending = ""
            for raw in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if pending.isEmpty, line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
                if line.hasSuffix("\\") {
                    pending += String(line.dropLast()) + " "
                    continue
                }
                let whole = pending + line
                pending = ""
                if whole.hasPrefix("["), whole.hasSuffix("]") {
                    section = String(whole.dropFirst().dropLast())
                } else if let equals = whole.firstIndex(of: "=") {
                    assignments.append(
                        (section, whole[..<equals].trimmingCharacters(in: .whitespaces),
                         whole[whole.index(after: equals)...].trimmingCharacters(in: .whitespaces)))
                }
            }
        }

        func values(_ key: String, in section: String) -> [String] {
            assignments.filter { $0.section == section && $0.key == key }.map(\.value)
        }
    }
}

private let systemdAnalyze = ExternalTool.locate("systemd-analyze")

/// The major version from `systemd-analyze --version` ("systemd 252 (252.38-1~deb12u1)").
private let systemdVersion: Int? = {
    guard let analyze = systemdAnalyze, let outcome = try? ExternalTool.run(analyze, ["--version"], timeoutSeconds: 10) else { return nil }
    return outcome.output.split(separator: " ").dropFirst().first.flatMap { Int($0) }
}()

/// The folder with the built center-node and clusterctl: the test runner's own (SwiftPM builds
/// the products beside it), else the package's .build/debug.
private let builtExecutables: String? = {
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        .map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    return [runner, ExternalTool.path(".build/debug")].compactMap { $0 }.first { folder in
        ["center-node", "clusterctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
    }
}()
