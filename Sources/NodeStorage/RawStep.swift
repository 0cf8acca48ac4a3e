import GRDB
import GRDBSQLite

/// One `sqlite3_step` of a statement GRDB prepared, for `RawRow` and `RawWrite`.
enum RawStep {
    /// True when the step produced a row, false when the statement is done; SQLite's error otherwise.
    static func next(_ raw: OpaquePointer, _ statement: Statement, in db: Database) throws -> Bool {
        switch sqlite3_step(raw) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
