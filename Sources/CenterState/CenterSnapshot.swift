import Foundation
import GRDB

/// A snapshot is every application table copied row by row, taken inside one read transaction so
/// that it is consistent with the applied index the driver records beside it. The format is a
/// compact binary one, streamed from a cursor: a million tickets as JSON took minutes and gigabytes.
///
/// Layout, integers little-endian: the magic "IFSNAP", a version byte; then per table its name,
/// its column count and names, its row count, and the rows, each cell a tag byte (0 null, 1 integer,
/// 2 text, 3 blob) and its value (8 bytes, or a 4-byte length and the bytes).
enum CenterSnapshot {
    static let magic = Array("IFSNAP".utf8)
    /// 4: the request ledger's answers may be `StoredAnswer` records, which a node of version 3
    /// would hand to retrying clients as if they were JSON. Version 3's rows are all JSON.
    /// 5: the ledger is `request_ledger` (`LedgerBuckets`); versions 3 and 4 carry `client_requests`,
    /// a row per write, which is moved into buckets once restored.
    static let version: UInt8 = 5
    static let oldestReadableVersion: UInt8 = 3

    static func take(_ db: Database) throws -> [UInt8] {
        var out = SnapshotWriter()
        out.bytes(magic)
        out.byte(version)
        out.u32(UInt32(CenterSchema.tables.count))
        for name in CenterSchema.tables {
            let columns = try db.columns(in: name).map(\.name)
            out.text(name)
            out.u32(UInt32(columns.count))
            for column in columns { out.text(column) }
            out.u64(UInt64(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(name)") ?? 0))
            let rows = try Row.fetchCursor(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(name)")
            while let row = try rows.next() {
                for index in 0..<columns.count { try out.cell(row[index] as DatabaseValue) }
            }
        }
        return out.buffer
    }

    /// Replaces every application table with the snapshot's rows. An empty snapshot (a cluster
    /// that never snapshotted) means empty tables.
    static func restore(_ data: [UInt8], _ db: Database) throws {
        try CenterSchema.create(db)
        for name in CenterSchema.tables { try db.execute(sql: "DELETE FROM \(name)") }
        guard !data.isEmpty else { return }
        var input = SnapshotReader(data)
        var linesUnlinked = false
        guard Array(try input.bytes(magic.count)) == magic else { throw SnapshotReader.Malformed("not an Interflow snapshot") }
        let found = try input.byte()
        guard (oldestReadableVersion...version).contains(found) else {
            throw DatabaseError(
                message: "snapshot version \(found) is not one this node reads (\(oldestReadableVersion) to \(version)): upgrade this node")
        }
        for _ in 0..<(try input.u32()) {
            let name = try input.text()
            if name == "client_requests" {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS client_requests (\(CenterSchema.legacyLedgerColumns))")
            } else if !CenterSchema.tables.contains(name) {
                throw SnapshotReader.Malformed("unknown table \(name)")
            }
            let columns = try (0..<input.u32()).map { _ in try input.text() }
            let known = Set(try db.columns(in: name).map(\.name))
            guard !columns.isEmpty, columns.allSatisfy(known.contains) else {
                throw SnapshotReader.Malformed("table \(name) has columns this node does not know: \(columns)")
            }
            // A snapshot taken before lines were linked: they are linked once all are in.
            if name == "ticket_lines" && !columns.contains("previous_id") { linesUnlinked = true }
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(sql: "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
            for _ in 0..<(try input.u64()) {
                let values = try (0..<columns.count).map { _ in try input.cell() }
                try statement.execute(arguments: StatementArguments(values))
            }
        }
        guard input.isAtEnd else { throw SnapshotReader.Malformed("bytes after the last table") }
        if linesUnlinked { try CenterSchema.relink(db) }
        try CenterSchema.moveLegacyLedger(db)
    }
}
