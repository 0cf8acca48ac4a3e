/// Real center names for local clusters, so that status output reads like production's.
public enum Centers {
    public static let names = [
        "chengdu", "wuhan", "guangzhou", "shanghai", "beijing", "xian", "shenyang", "nanjing", "hangzhou",
    ]

    /// The center of node `id` (1-based).
    public static func name(ofNode id: UInt64) -> String {
        let index = Int(id) - 1
        return names.indices.contains(index) ? names[index] : "center-\(id)"
    }
}
