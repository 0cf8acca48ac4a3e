import Foundation

extension LabNetwork {
    /// Whether this process runs in the lab's operations namespace, the only place from which the
    /// lab's nodes may be reached (and are reachable at all).
    public static func runsInOpsNamespace() -> Bool {
        var own = stat()
        var ops = stat()
        guard stat("/proc/self/ns/net", &own) == 0, stat("/run/netns/\(opsNamespace)", &ops) == 0 else { return false }
        return own.st_ino == ops.st_ino && own.st_dev == ops.st_dev
    }

    /// The way to run a clusterctl command against the lab, for messages.
    public static func hint(_ command: String) -> String {
        "ip netns exec \(opsNamespace) \(command)"
    }
}
