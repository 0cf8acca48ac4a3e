/// Why a drill could not start or run, said for the person at the keyboard.
public enum DrillError: Error, CustomStringConvertible, Equatable {
    case plan(String, String)
    case unknownBuiltin(String)
    case notLocal(String)
    case cannotRun(String)

    public var description: String {
        switch self {
        case .plan(let path, let problem): "\(path): \(problem)"
        case .unknownBuiltin(let name):
            "no plan file or built-in drill \(name); built-ins: \(DrillFaultSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .notLocal(let what): what
        case .cannotRun(let why): why
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "\(at.isEmpty ? "" : at + ".")\(key.stringValue): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
