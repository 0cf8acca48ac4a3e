import Synchronization

/// The CURVE public keys admitted per ZAP domain, each with its role, replaceable at any time from
/// any thread. A key is admitted only on the domain it was given for, so a client's key cannot even
/// complete a handshake on a socket meant for peers. A change applies to handshakes that start after
/// it: connections already admitted stay up.
final class ZAPPolicy: Sendable {
    private let rolesByDomain: Mutex<[String: [CurveKey: String]]>
    private let admittedCount = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)

    init(_ rolesByDomain: [String: [CurveKey: String]]) {
        self.rolesByDomain = Mutex(rolesByDomain)
    }

    func admittedKeys(inDomain domain: String) -> [CurveKey: String] {
        rolesByDomain.withLock { $0[domain] ?? [:] }
    }

    func update(domain: String, _ change: (inout [CurveKey: String]) -> Void) {
        rolesByDomain.withLock { change(&$0[domain, default: [:]]) }
    }

    var statistics: ZAPStatistics {
        ZAPStatistics(
            admitted: admittedCount.load(ordering: .relaxed),
            refused: refusedCount.load(ordering: .relaxed))
    }

    /// The RFC 27 reply to one ZAP request: [version, request id, status code, status text, user id,
    /// metadata]. Anything but a CURVE request with a key admitted on the request's domain gets 400,
    /// so the client is never answered; a request libzmq would never send gets 500.
    func answer(_ request: [[UInt8]]) -> (reply: [[UInt8]], decision: ZAPDecision?) {
        let requestID = request.count > 1 ? request[1] : []
        func reply(_ status: String, _ text: String, _ userID: String = "") -> [[UInt8]] {
            [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(userID.utf8), []]
        }
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            refusedCount.add(1, ordering: .relaxed)
            return (reply("500", "Malformed ZAP request"), nil)
        }
        let text = { (index: Int) in String(decoding: request[index], as: UTF8.self) }
        let mechanism = text(5)
        let key = mechanism == "CURVE" && request.count == 7 ? CurveKey(bytes: request[6]) : nil
        let domain = text(2)
        let role = key.flatMap { key in rolesByDomain.withLock { $0[domain]?[key] } }
        let decision = ZAPDecision(
            domain: domain, address: text(3), mechanism: mechanism, publicKey: key, userID: role)
        guard let role else {
            refusedCount.add(1, ordering: .relaxed)
            return (reply("400", "Unknown key"), decision)
        }
        admittedCount.add(1, ordering: .relaxed)
        return (reply("200", "OK", role), decision)
    }
}
