import ClientAPI
import Foundation

/// What tells a retry from a request id reused for another write: FNV-1a over a canonical form
/// (sorted keys), the same on every node and never 0 (0 marks ledger rows from before fingerprints).
public enum RequestFingerprint {
    /// The request's op and args as the client sent them; nil when the body is not a JSON object.
    public static func of(requestBody: [UInt8]) -> Int64? {
        guard let request = try? JSONSerialization.jsonObject(with: Data(requestBody)) as? [String: Any],
            let canonical = try? JSONSerialization.data(
                withJSONObject: ["op": request["op"] ?? NSNull(), "args": request["args"] ?? NSNull()], options: [.sortedKeys])
        else { return nil }
        return hash([UInt8](canonical))
    }

    /// A command proposed without a client's request (tests, tools): its action.
    static func of(_ action: Command.Action) -> Int64 {
        hash(APIJSON.encode(action))
    }

    private static func hash(_ bytes: [UInt8]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash == 0 ? 1 : Int64(bitPattern: hash)
    }
}
