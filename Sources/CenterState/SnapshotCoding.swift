import Foundation
import GRDB

/// Appends the snapshot's binary values.
struct SnapshotWriter {
    private(set) var buffer: [UInt8] = []

    mutating func byte(_ value: UInt8) { buffer.append(value) }
    mutating func bytes(_ values: some Sequence<UInt8>) { buffer.append(contentsOf: values) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) } }

    mutating func text(_ value: String) {
        u32(UInt32(value.utf8.count))
        bytes(value.utf8)
    }

    mutating func cell(_ value: DatabaseValue) throws {
        switch value.storage {
        case .null: byte(0)
        case .int64(let number):
            byte(1)
            u64(UInt64(bitPattern: number))
        case .string(let text):
            byte(2)
            self.text(text)
        case .blob(let data):
            byte(3)
            u32(UInt32(data.count))
            bytes(data)
        case .double: throw DatabaseError(message: "snapshot: the application stores no real numbers")
        }
    }
}

/// Reads the snapshot's binary values; every length is checked against what is left, so a
/// truncated or corrupt snapshot is an error, never a crash.
struct SnapshotReader {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = "malformed snapshot: \(description)" }
    }

    private let data: [UInt8]
    private var offset = 0

    init(_ data: [UInt8]) { self.data = data }

    var isAtEnd: Bool { offset == data.count }

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= data.count - offset else { throw Malformed("\(count) bytes wanted at \(offset) of \(data.count)") }
        defer { offset += count }
        return data[offset..<offset + count]
    }

    mutating func byte() throws -> UInt8 { try bytes(1).first ?? 0 }

    mutating func u32() throws -> UInt32 {
        try bytes(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try bytes(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    mutating func text() throws -> String {
        let count = Int(try u32())
        guard let text = String(validating: try bytes(count), as: UTF8.self) else { throw Malformed("text that is not UTF-8 at \(offset)") }
        return text
    }

    mutating func cell() throws -> DatabaseValue {
        switch try byte() {
        case 0: return .null
        case 1: return Int64(bitPattern: try u64()).databaseValue
        case 2: return try text().databaseValue
        case 3: return Data(try bytes(Int(try u32()))).databaseValue
        case let tag: throw Malformed("cell tag \(tag) at \(offset - 1)")
        }
    }
}
