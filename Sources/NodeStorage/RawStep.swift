import GRDB
import GRDBSQLite

/// Runs a statement GRDB prepared through SQLite's own calls, for `RawRow` and `RawWrite`.
enum RawStep {
    /// Binds the statement's values with `bind`, steps through its rows while `body` asks for more,
    /// then resets it and clears what it bound: bound text and blobs are SQLite's copies, and none
    /// outlives its statement's run.
    static func run(
        _ statement: Statement, in db: Database, binding bind: (inout RawWrite) -> Void, _ body: (OpaquePointer) throws -> Bool
    ) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        RawWrite.bindAll(statement, bind)
        defer {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }
        while try next(raw, statement, in: db) {
            if try !body(raw) { return }
        }
    }

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
