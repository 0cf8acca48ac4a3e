/// An object's fields; each one asked for is recorded, so that the ones never asked for can be
/// refused as unknown.
struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let path: DocumentPath
    let use: FieldUse?
    let handle: Int?

    var codingPath: [any CodingKey] { path.codingPath }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        note(key)
        return object[key.stringValue] != nil
    }

    private func note(_ key: Key) {
        if let use, let handle { use.asked(key.stringValue, by: handle) }
    }

    private func child(_ key: Key) throws -> StrictDecoder {
        note(key)
        guard let value = object[key.stringValue] else {
            // A misspelled required field shows up as missing first: name the likely typo.
            let typo = object.keys.first { FieldUse.nearest($0, in: [key.stringValue]) != nil }
            let hint = typo.map { " (`\($0)` is given: a typo?)" } ?? ""
            throw StrictJSONError(.missingField, path: path.appending(key).text, "is required but missing\(hint)")
        }
        return StrictDecoder(value, path: path.appending(key), use: use)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        note(key)
        return object[key.stringValue].map { $0 == .null } ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        StrictDecoder(.object(object), path: path, use: use)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}
