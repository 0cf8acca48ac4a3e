/// A JSON document as parsed: numbers keep their text, so that each field can say exactly which
/// numbers it takes, and objects keep their keys in order, each once. Not `indirect`: lists and
/// objects already keep their values in heap buffers, and boxing every value as well was two fifths
/// of parsing a request on the leader (BENCHMARKS.md, sixteenth session on issue 13).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What a field of this kind is called in an error message.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

public struct JSONObject: Sendable, Equatable {
    /// In the order the document gives them.
    public private(set) var keys: [String] = []
    /// `values[i]` is the value of `keys[i]`.
    private var values: [JSONValue] = []
    /// Where each key is, kept only once an object is too big to search key by key: a request's
    /// objects have a handful of fields, and hashing each key cost more than comparing them.
    private var positions: [String: Int]?
    static let maxKeysSearchedInOrder = 16

    public subscript(key: String) -> JSONValue? { position(of: key).map { values[$0] } }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    /// False when the key is already there: a document must not give a field twice.
    mutating func insert(_ key: String, _ value: JSONValue) -> Bool {
        guard position(of: key) == nil else { return false }
        keys.append(key)
        values.append(value)
        if positions != nil {
            positions?[key] = keys.count - 1
        } else if keys.count > Self.maxKeysSearchedInOrder {
            positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return true
    }
}
