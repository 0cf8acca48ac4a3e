import ClientAPI

/// What tells a retry from a request id reused for another write: FNV-1a over the action's
/// canonical JSON (sorted keys), the same in every process and never 0 (0 marks ledger rows from
/// before fingerprints). Fingerprints are kept in the ledger and compared across versions, so the
/// bytes hashed never change: the ticket writes' JSON is written directly, in exactly the form
/// `APIJSON.encode(action)` gives (`{"ticketAppend":{"_0":{…}}}`), because the leader fingerprints
/// every write it receives.
public enum RequestFingerprint {
    /// Give the action as the client asked for it, before the receiving node filled in defaults.
    public static func of(_ action: Command.Action) -> Int64 {
        var hash = FNV1a()
        switch action {
        case .ticketCreate(let args): hash.add(case: "ticketCreate", args.json)
        case .ticketAppend(let args): hash.add(case: "ticketAppend", args.json)
        case .ticketUpdate(let args): hash.add(case: "ticketUpdate", args.json)
        case .topologyLoad, .contactCenter, .leaderElected, .drillMarked: hash.add(APIJSON.encode(action))
        }
        return hash.value == 0 ? 1 : Int64(bitPattern: hash.value)
    }
}

private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    /// An enum case with one unlabelled value, as Swift's synthesized `Codable` writes it.
    mutating func add(case name: StaticString, _ json: [UInt8]) {
        add("{\"".utf8)
        name.withUTF8Buffer { add($0) }
        add("\":{\"_0\":".utf8)
        add(json)
        add("}}".utf8)
    }
}
