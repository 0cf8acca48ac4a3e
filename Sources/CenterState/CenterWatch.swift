import ContactCenter

/// The leader's watch over the centers' nodes: a center none of whose nodes has been heard from
/// for the window is dark; one that went dark that way and is heard again is recovering, and the
/// model's hold-down and stepped failback take it from there. Pure, so the rule is tested without
/// a cluster; the node feeds it what its core knows of each peer's silence and proposes the result.
public enum CenterWatch {
    public struct Node: Sendable, Equatable {
        public var center: String
        /// Since the leader last heard from it; nil for the leader itself, heard by definition.
        public var silentMs: Int64?

        public init(center: String, silentMs: Int64?) {
            self.center = center
            self.silentMs = silentMs
        }
    }

    public static func changes(_ nodes: [Node], in model: ContactCenterState, darkAfterMs: Int64) -> [ContactCenter.Command] {
        precondition(darkAfterMs > 0)
        var heardByCenter: [String: Bool] = [:]
        for node in nodes {
            let heard = node.silentMs.map { $0 < darkAfterMs } ?? true
            heardByCenter[node.center] = (heardByCenter[node.center] ?? false) || heard
        }
        return heardByCenter.keys.sorted().compactMap { center in
            guard let runtime = model.centers[center], let heard = heardByCenter[center] else { return nil }
            if !heard, runtime.status != .dark { return .setCenterStatus(center: center, status: .dark) }
            if heard, runtime.status == .dark, runtime.darkBySilence { return .setCenterStatus(center: center, status: .recovering) }
            return nil
        }
    }
}
