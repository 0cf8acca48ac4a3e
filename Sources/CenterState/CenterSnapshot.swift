import ClientAPI
import Foundation
import GRDB

/// A snapshot is every application table copied row by row, taken inside one read transaction so
/// that it is consistent with the applied index the driver records beside it.
enum CenterSnapshot {
    static let version = 2

    struct Image: Codable {
        var version: Int
        var tables: [String: Table]
    }

    struct Table: Codable {
        var columns: [String]
        var rows: [[Cell]]
    }

    /// One SQLite value; the application stores integers, text and blobs only.
    enum Cell: Codable, Equatable {
        case null
        case integer(Int64)
        case text(String)
        case blob(Data)

        init(_ value: DatabaseValue) throws {
            switch value.storage {
            case .null: self = .null
            case .int64(let number): self = .integer(number)
            case .string(let text): self = .text(text)
            case .blob(let data): self = .blob(data)
            case .double: throw DatabaseError(message: "snapshot: the application stores no real numbers")
            }
        }

        var databaseValue: DatabaseValue {
            switch self {
            case .null: .null
            case .integer(let number): number.databaseValue
            case .text(let text): text.databaseValue
            case .blob(let data): data.databaseValue
            }
        }
    }

    static func take(_ db: Database) throws -> [UInt8] {
        var tables: [String: Table] = [:]
        for name in CenterSchema.tables {
            let columns = try db.columns(in: name).map(\.name)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(name)").map { row in
                try columns.map { try Cell(row[$0] as DatabaseValue) }
            }
            tables[name] = Table(columns: columns, rows: rows)
        }
        return APIJSON.encode(Image(version: version, tables: tables))
    }

    /// Replaces every application table with the snapshot's rows. An empty snapshot (a cluster
    /// that never snapshotted) means empty tables.
    static func restore(_ data: [UInt8], _ db: Database) throws {
        try CenterSchema.create(db)
        for name in CenterSchema.tables { try db.execute(sql: "DELETE FROM \(name)") }
        guard !data.isEmpty else { return }
        let image = try APIJSON.decode(Image.self, from: data)
        guard image.version == version else {
            throw DatabaseError(message: "snapshot version \(image.version) is not \(version): upgrade this node")
        }
        for name in CenterSchema.tables {
            guard let table = image.tables[name], !table.columns.isEmpty else { continue }
            let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(
                sql: "INSERT INTO \(name) (\(table.columns.joined(separator: ", "))) VALUES (\(placeholders))")
            for row in table.rows {
                guard row.count == table.columns.count else {
                    throw DatabaseError(message: "snapshot: a row of \(name) has \(row.count) values for \(table.columns.count) columns")
                }
                try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
            }
        }
    }
}
