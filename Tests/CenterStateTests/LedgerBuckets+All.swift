@testable import CenterState
import GRDB

extension LedgerBuckets {
    /// Every stored record, in index order: tests compare whole ledgers.
    static func all(in db: Database) throws -> [Record] {
        var records: [Record] = []
        try forEach(in: db) { records.append($0) }
        return records
    }
}
