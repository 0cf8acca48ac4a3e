import ClientAPI

/// What tells a retry from a request id reused for another write: FNV-1a over the action's
/// canonical JSON (sorted keys), the same in every process and never 0 (0 marks ledger rows from
/// before fingerprints).
public enum RequestFingerprint {
    /// Give the action as the client asked for it, before the receiving node filled in defaults.
    public static func of(_ action: Command.Action) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in APIJSON.encode(action) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash == 0 ? 1 : Int64(bitPattern: hash)
    }
}
