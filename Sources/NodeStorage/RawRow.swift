import GRDB
import GRDBSQLite

/// A row of a SELECT, read column by column with SQLite's own calls. GRDB's `Row` lowercases
/// and hashes every column's name each time one is made, then decodes through generic conversions:
/// for the ticket and the ledger lookup that every node reads on every write, that was a twentieth
/// of the whole machine at 128 clients (profiled). Valid only inside the closure it is given to. A
/// column of another type than asked is converted as SQLite converts, never a crash.
public struct RawRow {
    private let statement: OpaquePointer

    /// The first row's value, nil when there is none. The values are bound through SQLite's own
    /// calls (see `RawWrite`): these are the lookups every node makes on every write.
    public static func fetchOne<Value>(
        _ statement: Statement, in db: Database, binding bind: (inout RawWrite) -> Void, _ read: (RawRow) throws -> Value
    ) throws -> Value? {
        var value: Value?
        try step(statement, in: db, binding: bind) { row in
            value = try read(row)
            return false
        }
        return value
    }

    /// Every row's value, in order.
    public static func fetchAll<Value>(
        _ statement: Statement, in db: Database, binding bind: (inout RawWrite) -> Void, _ read: (RawRow) throws -> Value
    ) throws -> [Value] {
        var values: [Value] = []
        try step(statement, in: db, binding: bind) { row in
            values.append(try read(row))
            return true
        }
        return values
    }

    /// Each row in turn, none kept: for tables too large to hold in memory at once.
    public static func forEach(
        _ statement: Statement, in db: Database, binding bind: (inout RawWrite) -> Void, _ body: (RawRow) throws -> Void
    ) throws {
        try step(statement, in: db, binding: bind) { row in
            try body(row)
            return true
        }
    }

    private static func step(
        _ statement: Statement, in db: Database, binding bind: (inout RawWrite) -> Void, _ body: (RawRow) throws -> Bool
    ) throws {
        try RawStep.run(statement, in: db, binding: bind) { raw in try body(RawRow(statement: raw)) }
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    public func bool(_ column: Int32) -> Bool { int64(column) != 0 }

    // SQLite's rule: the pointer first, which settles the value's form, then its byte count.
    public func text(_ column: Int32) -> String {
        guard let characters = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: characters, count: count), as: UTF8.self)
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    public func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
