/// Links cut with nftables inside a center's namespace, as a fibre cut or a dead router would cut
/// them: packets vanish without a reset, so the nodes learn of it only by silence, as over a WAN.
/// Each cut is one table of ours per namespace; healing deletes it.
public enum LabFirewall {
    static let table = "interflow_lab"

    /// The center hears nothing and is heard by no one: peers, clients and the operations
    /// namespace alike. Its node keeps running.
    public static func cut(center: String) throws(LocalClusterError) {
        try install(in: LabNetwork.namespace(of: center), input: #"iifname "eth0" drop"#, output: #"oifname "eth0" drop"#)
    }

    /// The centers keep talking among themselves and to the operations namespace, but not to the
    /// other nodes' addresses.
    public static func partition(centers: [String], from others: [UInt64]) throws(LocalClusterError) {
        guard !others.isEmpty else { return }
        let addresses = others.map(LabNetwork.address(ofNode:)).joined(separator: ", ")
        for center in centers {
            try install(in: LabNetwork.namespace(of: center), input: "ip saddr { \(addresses) } drop", output: "ip daddr { \(addresses) } drop")
        }
    }

    /// Removes every cut in the center's namespace; a center without one is left as it is.
    public static func heal(center: String) throws(LocalClusterError) {
        let namespace = LabNetwork.namespace(of: center)
        let tables = try SystemCommand.run(LabNetwork.inNamespace(namespace, [nftPath, "list", "tables"]))
        guard tables.contains("inet \(table)") else { return }
        try SystemCommand.run(LabNetwork.inNamespace(namespace, [nftPath, "delete", "table", "inet", table]))
    }

    /// Whether the center's links are cut now (for `lab status` and the tests).
    public static func isCut(center: String) -> Bool {
        let listing = try? SystemCommand.run(LabNetwork.inNamespace(LabNetwork.namespace(of: center), [nftPath, "list", "tables"]))
        return listing?.contains("inet \(table)") ?? false
    }

    static var nftPath: String { SystemCommand.locate("nft") ?? "/usr/sbin/nft" }

    /// One atomic `nft -f` transaction: the table replaced whole, so a second cut never stacks on a first.
    private static func install(in namespace: String, input: String, output: String) throws(LocalClusterError) {
        let rules = """
            table inet \(table) {}
            delete table inet \(table)
            table inet \(table) {
                chain input { type filter hook input priority 0; policy accept; \(input); }
                chain output { type filter hook output priority 0; policy accept; \(output); }
            }

            """
        try SystemCommand.run(LabNetwork.inNamespace(namespace, [nftPath, "-f", "-"]), input: rules)
    }
}
