/// Real center names for local clusters, so that status output reads like production's. The first
/// eight are the centers of `Deploy/topology/china-2020.json`, in its order, so that an eight-node
/// local cluster runs that topology with one node per center.
public enum Centers {
    public static let names = [
        "chengdu", "wuhan", "guangzhou", "nanning", "hefei", "beijing", "shanghai", "zhengzhou", "hangzhou",
    ]

    /// The center of node `id` (1-based).
    public static func name(ofNode id: UInt64) -> String {
        let index = Int(id) - 1
        return names.indices.contains(index) ? names[index] : "center-\(id)"
    }
}
