import ClientAPI
import LocalCluster
import ZeroMQ

/// API clients for the cluster's nodes. Each call makes a new `APIClient`, which like its socket
/// has one owner: keep it in the task or thread that made it.
extension TestCluster {
    public enum Role: Sendable {
        /// Listed in `adminKeys`: may change membership and transfer leadership.
        case admin
        /// Listed in `clientKeys`: tickets and status only.
        case client
    }

    public func client(node id: UInt64, role: Role = .admin) throws -> APIClient {
        let record = try record(node: id)
        return try APIClient(
            context: context, endpoint: record.client, serverKey: CurveKey(contentsOfFile: record.publicKey),
            keyPair: role == .admin ? adminKeyPair : clientKeyPair, name: "test-\(role)-\(id)")
    }

    /// A client with the `client` key, which the node admits without admin rights.
    public func clientKey(node id: UInt64) throws -> APIClient {
        try client(node: id, role: .client)
    }
}
