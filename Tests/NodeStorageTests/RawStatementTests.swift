import GRDB
import NodeStorage
import Testing

/// The hot rows are written and read through SQLite's own calls; what GRDB did for them must
/// still hold: empty text and blobs stay empty (not NULL), NULL reads as nil, and errors are thrown.
@Suite struct RawStatementTests {
    @Test func emptyTextAndBlobsStayEmptyAndEveryColumnReadsBack() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL, s TEXT NOT NULL, b BLOB NOT NULL, maybe TEXT)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (n, s, b) VALUES (?, ?, ?)")
            for (n, s, b) in [(Int64.min, "", [UInt8]()), (7, "中文 \"/\\", [0, 1, 255]), (Int64.max, "x", [9])] {
                try RawWrite.execute(insert, in: db) { row in
                    row.bind(n)
                    row.bind(s)
                    row.bind(blob: b)
                }
            }
            let read = try db.cachedStatement(sql: "SELECT n, s, b, maybe FROM t ORDER BY rowid")
            let rows = try RawRow.fetchAll(read, in: db, binding: { _ in }) { row in
                (row.int64(0), row.text(1), row.blob(2), row.optionalText(3), row.optionalInt64(3))
            }
            #expect(rows.map(\.0) == [Int64.min, 7, Int64.max])
            #expect(rows.map(\.1) == ["", "中文 \"/\\", "x"])
            #expect(rows.map(\.2) == [[], [0, 1, 255], [9]])
            #expect(rows.allSatisfy { $0.3 == nil && $0.4 == nil })
            #expect(try RawRow.fetchOne(db.makeStatement(sql: "SELECT n FROM t WHERE n = 8"), in: db, binding: { _ in }) { $0.int64(0) } == nil)
        }
    }

    @Test func aFailedWriteThrowsSQLitesErrorAndTheStatementRunsAgain() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (n) VALUES (?)")
            try RawWrite.execute(insert, in: db) { $0.bind(1) }
            let error = #expect(throws: DatabaseError.self) { try RawWrite.execute(insert, in: db) { $0.bind(1) } }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            try RawWrite.execute(insert, in: db) { $0.bind(2) }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
        }
    }

    @Test func aLookupBoundThroughSQLiteFindsItsRowAndAnAbsentValueIsNull() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, previous INTEGER)")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (n, previous) VALUES (?, ?)")
            try RawWrite.execute(insert, in: db) { row in
                row.bind(1)
                row.bind(nil as Int64?)
            }
            try RawWrite.execute(insert, in: db) { row in
                row.bind(2)
                row.bind(Int64(1) as Int64?)
            }
            let lookup = try db.cachedStatement(sql: "SELECT previous FROM t WHERE n = ?")
            func previous(of n: Int64) throws -> Int64?? {
                try RawRow.fetchOne(lookup, in: db, binding: { $0.bind(n) }) { $0.optionalInt64(0) }
            }
            #expect(try previous(of: 1) == .some(nil))
            #expect(try previous(of: 2) == .some(1))
            #expect(try previous(of: 3) == nil)
        }
    }
}
