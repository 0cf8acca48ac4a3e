/// A configuration that cannot be used: which file, which field, what is wrong.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable {
        /// A dotted path such as `timing.tickMs` or `members[2].peer`; empty for the file as a whole.
        public var field: String
        public var problem: String

        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }
    }

    public var file: String
    public var problems: [Problem]

    public var description: String {
        problems.map { item in
            item.field.isEmpty ? "\(file): \(item.problem)" : "\(file): field `\(item.field)`: \(item.problem)"
        }.joined(separator: "\n")
    }
}
