import Wire

/// The pieces of version 1 of the binary formats (`CommandCodec`, `StoredAnswer`): an Int64 as its
/// bit pattern, an optional as a presence byte (0 or 1) then the value, an enum by its raw value.
extension ByteWriter {
    mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    mutating func write<Value>(_ value: Value?, _ writeValue: (inout ByteWriter, Value) -> Void) {
        write(value != nil)
        if let value { writeValue(&self, value) }
    }

    mutating func write(_ value: String?) { write(value) { $0.write(string: $1) } }

    mutating func write<Value: RawRepresentable<String>>(_ value: Value?) {
        write(value?.rawValue)
    }
}

extension ByteReader {
    mutating func int64(_ what: String) throws(WireError) -> Int64 { Int64(bitPattern: try uint64(what)) }

    mutating func optional<Value>(
        _ what: String, _ readValue: (inout ByteReader) throws(WireError) -> Value
    ) throws(WireError) -> Value? {
        try bool(what) ? try readValue(&self) : nil
    }

    mutating func optionalString(_ what: String) throws(WireError) -> String? {
        try optional(what) { reader throws(WireError) in try reader.string(what) }
    }

    mutating func optionalInt64(_ what: String) throws(WireError) -> Int64? {
        try optional(what) { reader throws(WireError) in try reader.int64(what) }
    }

    mutating func optionalBool(_ what: String) throws(WireError) -> Bool? {
        try optional(what) { reader throws(WireError) in try reader.bool(what) }
    }

    mutating func optional<Value: RawRepresentable<String>>(_ what: String) throws(WireError) -> Value? {
        guard let raw = try optionalString(what) else { return nil }
        return try Self.value(raw, what)
    }

    mutating func required<Value: RawRepresentable<String>>(_ what: String) throws(WireError) -> Value {
        try Self.value(try string(what), what)
    }

    private static func value<Value: RawRepresentable<String>>(_ raw: String, _ what: String) throws(WireError) -> Value {
        guard let value = Value(rawValue: raw) else { throw .malformed("\(what) \(raw) is unknown") }
        return value
    }
}
