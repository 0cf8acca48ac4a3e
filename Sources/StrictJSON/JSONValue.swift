/// A JSON document as parsed: numbers keep their text, so that each field can say exactly which
/// numbers it takes, and objects keep their keys in order, each once.
public indirect enum JSONValue: Sendable, Equatable {
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
    private var values: [String: JSONValue] = [:]

    public subscript(key: String) -> JSONValue? { values[key] }

    /// False when the key is already there: a document must not give a field twice.
    mutating func insert(_ key: String, _ value: JSONValue) -> Bool {
        guard values.updateValue(value, forKey: key) == nil else { return false }
        keys.append(key)
        return true
    }
}
