import Foundation

/// The WAN lab's network: one namespace per center, each joined by a veth pair to a bridge in an
/// operations namespace, where clients and drills run. Nothing of it lives in this machine's own
/// namespace, and nothing is ever sent from there to a lab address: the lab's traffic stays
/// between namespaces the lab made and removes.
///
/// ```
/// ifl-lab-ops     bridge ifl-lab-br, 10.77.0.2/24      clusterctl, drills, load
/// ifl-lab-CENTER  eth0 10.77.0.(10+K)/24               node K, its delay proxies on 127.0.0.1
/// ```
public enum LabNetwork {
    public static let prefix = "ifl-lab-"
    public static let opsNamespace = prefix + "ops"
    static let bridge = prefix + "br"
    public static let opsAddress = "10.77.0.2"
    static let prefixLength = 24
    /// Every namespace sees its own ports: a node listens on the same three everywhere.
    public static let peerPort = 7_000
    public static let clientPort = 7_001
    public static let httpPort = 7_002
    /// Node K reaches node J through its proxy on 127.0.0.1:(7100 + J).
    static let proxyPortBase = 7_100
    /// Addresses 10.77.0.11 to 10.77.0.250.
    public static let maxNodes = 240

    public static func namespace(of center: String) -> String { prefix + center }
    public static func address(ofNode id: UInt64) -> String { "10.77.0.\(10 + id)" }
    static func proxyPort(toNode id: UInt64) -> Int { proxyPortBase + Int(id) }

    /// `command` run inside the namespace (`ip netns exec`, which execs it: the pid stays its own).
    public static func inNamespace(_ namespace: String, _ command: [String]) -> [String] {
        [ipPath, "netns", "exec", namespace] + command
    }

    static var ipPath: String { SystemCommand.locate("ip") ?? "/usr/sbin/ip" }

    /// Whether this process may make namespaces: root, with iproute2 and nftables installed.
    public static func unavailableReason() -> String? {
        if geteuid() != 0 { return "the WAN lab needs root (network namespaces and nftables)" }
        if SystemCommand.locate("ip") == nil { return "the WAN lab needs iproute2 (`apt-get install iproute2`)" }
        if SystemCommand.locate("nft") == nil { return "the WAN lab needs nftables (`apt-get install nftables`)" }
        // Root in a container may still lack the right to make namespaces: try once.
        let probe = "ifl-probe-\(getpid())"
        do {
            try SystemCommand.run([ipPath, "netns", "add", probe])
            try SystemCommand.run([ipPath, "netns", "delete", probe])
        } catch {
            return "this machine does not let us make network namespaces (\(error))"
        }
        return nil
    }

    /// Makes the namespaces, the bridge and a veth pair per center. The caller removes what was
    /// made with `remove()` if this throws.
    static func make(centers: [(id: UInt64, center: String)]) throws(LocalClusterError) {
        let ip = ipPath
        try SystemCommand.run([ip, "netns", "add", opsNamespace])
        try SystemCommand.run([ip, "-n", opsNamespace, "link", "set", "lo", "up"])
        try SystemCommand.run([ip, "-n", opsNamespace, "link", "add", bridge, "type", "bridge"])
        try SystemCommand.run([ip, "-n", opsNamespace, "addr", "add", "\(opsAddress)/\(prefixLength)", "dev", bridge])
        try SystemCommand.run([ip, "-n", opsNamespace, "link", "set", bridge, "up"])
        for (id, center) in centers {
            let namespace = namespace(of: center)
            let outer = "\(prefix)p\(id)"
            try SystemCommand.run([ip, "netns", "add", namespace])
            try SystemCommand.run([ip, "-n", namespace, "link", "set", "lo", "up"])
            try SystemCommand.run([ip, "-n", opsNamespace, "link", "add", outer, "type", "veth", "peer", "name", "eth0", "netns", namespace])
            try SystemCommand.run([ip, "-n", namespace, "addr", "add", "\(address(ofNode: id))/\(prefixLength)", "dev", "eth0"])
            try SystemCommand.run([ip, "-n", namespace, "link", "set", "eth0", "up"])
            try SystemCommand.run([ip, "-n", opsNamespace, "link", "set", outer, "master", bridge])
            try SystemCommand.run([ip, "-n", opsNamespace, "link", "set", outer, "up"])
        }
    }

    /// Every namespace of ours that exists now (found by name, so a lab whose state file was lost
    /// is removed too).
    public static func existingNamespaces() -> [String] {
        let listing = (try? SystemCommand.run([ipPath, "netns", "list"])) ?? ""
        return listing.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map(String.init)
        }.filter { $0.hasPrefix(prefix) }
    }

    /// The pids running in one of our namespaces: ours, since the namespaces are.
    static func processes(in namespace: String) -> [Int32] {
        let listing = (try? SystemCommand.run([ipPath, "netns", "pids", namespace])) ?? ""
        return listing.split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Kills what still runs inside our namespaces, then deletes them (their veths and the bridge
    /// go with them). Returns what could not be removed.
    public static func remove() -> [String] {
        var problems: [String] = []
        let namespaces = existingNamespaces()
        let pids = namespaces.flatMap(processes(in:))
        for pid in pids { kill(pid, SIGKILL) }
        for pid in pids { _ = ProcessControl.waitForExit(pid: pid, timeoutMs: 5_000) }
        for namespace in namespaces {
            do {
                try SystemCommand.run([ipPath, "netns", "delete", namespace])
            } catch {
                problems.append("\(error)")
            }
        }
        return problems
    }
}
