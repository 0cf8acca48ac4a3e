import Foundation
import GRDB

/// Conversions between the core's unsigned numbers and SQLite's signed integers, and reads that
/// check every column's type: GRDB's typed `row[i]` traps on a type it did not expect, and a
/// damaged file must give an error, never a crash.
enum Columns {
    /// Indexes, terms and the commit are quantities that SQL compares (`idx >= ?`), so they must
    /// keep their order: values past Int64.max are refused rather than wrapped.
    static func storable(_ value: UInt64, _ what: String) throws -> Int64 {
        guard let stored = Int64(exactly: value) else {
            throw InvalidInput(reason: "\(what) \(value) is above \(Int64.max), the largest SQLite integer")
        }
        return stored
    }

    /// Node ids are labels, never compared in SQL, so every UInt64 is kept through its bit pattern.
    static func storableID(_ id: UInt64) -> Int64 { Int64(bitPattern: id) }

    static func quantity(_ row: Row, _ column: Int, _ what: String) throws -> UInt64 {
        let value: DatabaseValue = row[column]
        guard case .int64(let number) = value.storage else {
            throw CorruptData(reason: "\(what) is \(kindName(value)), not an integer")
        }
        guard number >= 0 else { throw CorruptData(reason: "\(what) is negative (\(number))") }
        return UInt64(number)
    }

    static func int64(_ row: Row, _ column: Int, _ what: String) throws -> Int64 {
        let value: DatabaseValue = row[column]
        guard case .int64(let number) = value.storage else {
            throw CorruptData(reason: "\(what) is \(kindName(value)), not an integer")
        }
        return number
    }

    static func optionalID(_ row: Row, _ column: Int, _ what: String) throws -> UInt64? {
        let value: DatabaseValue = row[column]
        switch value.storage {
        case .null: return nil
        case .int64(let number): return UInt64(bitPattern: number)
        default: throw CorruptData(reason: "\(what) is \(kindName(value)), not an integer or NULL")
        }
    }

    static func blob(_ row: Row, _ column: Int, _ what: String, maxBytes: Int) throws -> Data {
        let value: DatabaseValue = row[column]
        guard case .blob(let data) = value.storage else {
            throw CorruptData(reason: "\(what) is \(kindName(value)), not a blob")
        }
        guard data.count <= maxBytes else {
            throw CorruptData(reason: "\(what) is \(data.count) bytes, more than the limit of \(maxBytes)")
        }
        return data
    }

    /// The kind only: a corrupt blob may be huge and is no use in a message.
    private static func kindName(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64: "an integer"
        case .double: "a real"
        case .string: "text"
        case .blob: "a blob"
        }
    }
}
