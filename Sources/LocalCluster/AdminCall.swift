import ClientAPI
import ZeroMQ

/// One admin operation on a local cluster: sent to the leader, found from the nodes' status and
/// followed once if the leader moved meanwhile, with the admin key from the cluster's directory.
public enum AdminCall {
    public static func leader<Args: Codable & Sendable, Result: Codable & Sendable>(
        directory: String, _ op: APIOperation, _ args: Args, as: Result.Type, timeoutMs: Int = 10_000
    ) throws -> Result {
        let state = try LocalClusterState.load(directory: directory)
        let keyPair = try LocalClusterControl.adminKeyPair(state)
        let context = try ZeroMQContext()
        defer { context.close() }
        let answers = StatusProbe.query(state.nodes, keyPair: keyPair, context: context, timeoutMs: 1_000)
        let leaders = answers.values.compactMap { try? $0.get() }.filter { $0.node.role == "leader" }
        guard var leader = leaders.max(by: { $0.node.term < $1.node.term })?.node.id else {
            throw APIError(.noQuorum, "no node of \(directory) says it leads; see clusterctl --cluster \(directory) status")
        }
        // One retry: a leader that changed between the status and the call names its successor.
        for attempt in 1...2 {
            let record = try state.node(leader)
            let client = try APIClient(
                context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
                keyPair: keyPair, name: "clusterctl")
            defer { client.close() }
            do {
                return try client.call(op, args, timeoutMs: timeoutMs, as: Result.self)
            } catch let error as APIError where error.code == .notLeader && attempt == 1 {
                guard let next = error.leader?.id else { throw error }
                leader = next
            }
        }
        throw APIError(.notLeader, "the leader moved twice during the call; try again")
    }

    /// One admin operation on one node of a local cluster, whatever its role (drill faults).
    public static func node<Args: Codable & Sendable, Result: Codable & Sendable>(
        directory: String, id: UInt64, _ op: APIOperation, _ args: Args, as: Result.Type, timeoutMs: Int = 5_000
    ) throws -> Result {
        let state = try LocalClusterState.load(directory: directory)
        let record = try state.node(id)
        let context = try ZeroMQContext()
        defer { context.close() }
        let client = try APIClient(
            context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
            keyPair: try LocalClusterControl.adminKeyPair(state), name: "clusterctl")
        defer { client.close() }
        return try client.call(op, args, timeoutMs: timeoutMs, as: Result.self)
    }
}
