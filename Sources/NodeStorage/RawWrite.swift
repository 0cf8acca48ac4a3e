import Foundation
import GRDB
import GRDBSQLite

/// A cached statement's values, bound through SQLite's own calls: an INSERT or UPDATE run with
/// `execute`, or a `RawRow` lookup. GRDB's `StatementArguments` boxes every value into an
/// existential and converts it again to bind it: for the four rows every node writes on every
/// write (the log entry, the ticket, its line, the ledger's answer), that was a thirtieth of the
/// whole machine at 128 clients (profiled).
public struct RawWrite {
    private let statement: OpaquePointer
    private var position: Int32 = 1

    /// Binds with `bind`, checking that every parameter is bound once.
    static func bindAll(_ statement: Statement, _ bind: (inout RawWrite) -> Void) {
        let raw = statement.sqliteStatement
        var write = RawWrite(statement: raw)
        bind(&write)
        precondition(write.position - 1 == sqlite3_bind_parameter_count(raw), "every parameter of \(statement.sql) is bound once")
    }

    /// Binds the statement's values in order with `bind`, then runs it to completion.
    public static func execute(_ statement: Statement, in db: Database, _ bind: (inout RawWrite) -> Void) throws {
        try RawStep.run(statement, in: db, binding: bind) { _ in true }
    }

    /// SQLite copies what it is given: the Swift buffers need not outlive the call.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    public mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(statement, position, value)
        position += 1
    }

    public mutating func bind(_ value: Int) { bind(Int64(value)) }

    public mutating func bind(_ value: Int64?) {
        if let value { return bind(value) }
        sqlite3_bind_null(statement, position)
        position += 1
    }

    /// An empty string is empty text, not NULL (SQLite binds text without an address as NULL).
    public mutating func bind(_ value: String) {
        var text = value
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { characters in
                guard let address = characters.baseAddress, !characters.isEmpty else {
                    return sqlite3_bind_text(statement, position, "", 0, Self.transient)
                }
                return sqlite3_bind_text(statement, position, address, Int32(characters.count), Self.transient)
            }
        }
        position += 1
    }

    /// An empty array is an empty blob, not NULL (SQLite binds a blob without an address as NULL).
    public mutating func bind(blob value: some ContiguousBytes) {
        value.withUnsafeBytes { bytes in
            if bytes.isEmpty {
                _ = sqlite3_bind_zeroblob(statement, position, 0)
            } else {
                _ = sqlite3_bind_blob(statement, position, bytes.baseAddress, Int32(bytes.count), Self.transient)
            }
        }
        position += 1
    }
}
