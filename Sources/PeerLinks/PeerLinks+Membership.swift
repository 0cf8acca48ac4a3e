import Consensus
import ZeroMQ

extension PeerLinks {
    /// Replaces the peer set after a membership change: links to removed peers close and their keys are
    /// revoked (their open inbound connections stay up, but what they send is dropped as
    /// "unknown_peer"); new peers are admitted and connected; a peer whose endpoint or key changed is
    /// reconnected. No `.disconnected` is reported for a removed peer: the caller removed it.
    public func updatePeers(_ newPeers: [NodeID: PeerAddress]) throws(ZeroMQError) {
        let wanted = newPeers.filter { $0.key != selfID }
        let old = peers
        for (id, address) in old where wanted[id] != address {
            authenticator.revoke(address.publicKey, inDomain: options.zapDomain)
            links.removeValue(forKey: id)?.close()
        }
        peers = wanted
        // A removed peer's unfinished snapshot could never be delivered: do not hold it.
        assemblies = assemblies.filter { wanted[$0.key] != nil }
        for (id, address) in wanted { authenticator.admit(address.publicKey, as: InboundAdmission.role(of: id), inDomain: options.zapDomain) }
        guard router != nil else { return }
        defer { rebuildPoller() }
        for (id, address) in wanted where links[id] == nil {
            try openLink(to: id, address)
        }
    }
}
