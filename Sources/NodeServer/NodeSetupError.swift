/// Why a node could not start, naming the file or endpoint at fault.
public struct NodeSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
