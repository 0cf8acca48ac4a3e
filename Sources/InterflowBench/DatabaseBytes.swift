import Foundation

/// Bytes a node's data directory holds: the SQLite file, its WAL and its snapshot files. The WAL
/// stops growing once it reaches SQLite's checkpoint size, so after a warm-up the growth over a
/// level is what the writes added to the database.
enum DatabaseBytes {
    static func of(directory: String) -> Int? {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return nil }
        var total = 0
        // Bounded: a node's data directory holds a database, its WAL and a few snapshot files.
        for case let name as String in walker.prefix(10_000) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
        }
        return total
    }
}
