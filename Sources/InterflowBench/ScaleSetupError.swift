/// Why the scale benchmark could not build or start its state.
enum ScaleSetupError: Error, CustomStringConvertible {
    case enqueueRefused(number: Int, live: Int)
    case modelCount(expected: Int, found: Int)
    case modelBroken(String)
    case noModelImage(path: String)
    case appliedIndexesDiffer([UInt64: UInt64])
    case nodesDidNotSettle(seconds: Int)
    case stateMissing(String)

    var description: String {
        switch self {
        case .enqueueRefused(let number, let live):
            "the model refused enqueue \(number) with \(live) contacts live"
        case .modelCount(let expected, let found):
            "the model holds \(found) contacts, not \(expected)"
        case .modelBroken(let violation):
            "the built model breaks a rule: \(violation)"
        case .noModelImage(let path):
            "\(path) has no contact-center image: the topology was not loaded there"
        case .appliedIndexesDiffer(let indexes):
            "the stopped nodes applied different entries (\(indexes.sorted { $0.key < $1.key })): seeding them would split them"
        case .nodesDidNotSettle(let seconds):
            "the nodes did not reach the same applied index within \(seconds) s"
        case .stateMissing(let what):
            "after the restart: \(what)"
        }
    }
}
