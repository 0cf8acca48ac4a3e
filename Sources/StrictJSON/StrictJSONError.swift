/// Why a document was refused, naming the field (a dotted path such as `args.ticketId`) and what
/// it takes. Values from the document are quoted short, so an error never echoes a large input.
public struct StrictJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case syntax
        case missingField
        case wrongType
        case outOfRange
        case unknownField
        case duplicateField
        case invalidValue
    }

    public var kind: Kind
    /// Empty for the document as a whole.
    public var path: String
    public var problem: String

    public init(_ kind: Kind, path: String, _ problem: String) {
        self.kind = kind
        self.path = path
        self.problem = problem
    }

    /// A type's own check (an `init(from:)` that validates) names what is wrong in its message.
    init(_ error: DecodingError) {
        switch error {
        case .dataCorrupted(let context):
            self.init(.invalidValue, path: pathText(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(.missingField, path: pathText(context.codingPath + [key]), "is required but missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(.wrongType, path: pathText(context.codingPath), context.debugDescription)
        @unknown default:
            self.init(.invalidValue, path: "", "\(error)")
        }
    }

    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }

    /// At most `maxCharacters` of a value from the document, quoted, with the length when cut.
    static func quote(_ text: String, maxCharacters: Int = 40) -> String {
        guard text.count > maxCharacters else { return "\"\(text)\"" }
        return "\"\(text.prefix(maxCharacters))…\" (\(text.utf8.count) bytes)"
    }
}

/// A dotted path such as `members[2].peer` for an error message.
func pathText(_ codingPath: [any CodingKey]) -> String {
    codingPath.reduce(into: "") { text, key in
        if let position = key.intValue, key.stringValue == "Index \(position)" || key.stringValue == "\(position)" {
            text += "[\(position)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
}
