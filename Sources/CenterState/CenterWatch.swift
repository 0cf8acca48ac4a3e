import ContactCenter

/// The leader's watch over the centers' nodes: a center none of whose nodes has been heard from
/// for the window is dark; one that went dark that way and is heard again is recovering, and the
/// model's hold-down and stepped failback take it from there. Pure, so the rule is tested without
/// a cluster; the node feeds it what its core knows of each peer's silence and proposes the result.
public enum CenterWatch {
    public struct Node: Sendable, Equatable {
        public var center: String
        /// Since the leader last heard from it, or since the leader was elected when it has not
        /// heard from it yet; nil for the leader itself, heard by definition.
        public var silentMs: Int64?
        /// The leader has had a message from it in its own term. A new leader's silence counters
        /// all start at zero, so without one a short silence proves nothing.
        public var heardThisTerm: Bool

        public init(center: String, silentMs: Int64?, heardThisTerm: Bool) {
            self.center = center
            self.silentMs = silentMs
            self.heardThisTerm = heardThisTerm
        }

        func isSilent(darkAfterMs: Int64) -> Bool { silentMs.map { $0 >= darkAfterMs } ?? false }

        /// Heard within the window by this leader itself: the only evidence a dead center is back.
        /// A node neither heard nor silent yet (a new leader's first window) decides nothing.
        func isHeard(darkAfterMs: Int64) -> Bool { silentMs.map { heardThisTerm && $0 < darkAfterMs } ?? true }
    }

    public static func changes(_ nodes: [Node], in model: ContactCenterState, darkAfterMs: Int64) -> [ContactCenter.Command] {
        precondition(darkAfterMs > 0)
        var silentByCenter: [String: Bool] = [:]
        var heardByCenter: [String: Bool] = [:]
        for node in nodes {
            silentByCenter[node.center] = (silentByCenter[node.center] ?? true) && node.isSilent(darkAfterMs: darkAfterMs)
            heardByCenter[node.center] = (heardByCenter[node.center] ?? false) || node.isHeard(darkAfterMs: darkAfterMs)
        }
        return silentByCenter.keys.sorted().compactMap { center in
            guard let runtime = model.centers[center], let silent = silentByCenter[center], let heard = heardByCenter[center] else {
                return nil
            }
            if silent, runtime.status != .dark { return .setCenterStatus(center: center, status: .dark) }
            if heard, runtime.status == .dark, runtime.darkBySilence { return .setCenterStatus(center: center, status: .recovering) }
            return nil
        }
    }
}
