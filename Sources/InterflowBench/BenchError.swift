/// Why a cluster benchmark stopped without figures.
enum BenchError: Error, CustomStringConvertible {
    case centerNodeMissing(String)
    case clientsDidNotFinish(Int)
    case noWriteAfterFault(cycle: Int, seconds: Int, lastError: String)

    var description: String {
        switch self {
        case .centerNodeMissing(let path):
            "no center-node executable at \(path); build all products (swift build -c release) or pass --center-node"
        case .clientsDidNotFinish(let clients):
            "the \(clients) load clients did not finish in time"
        case .noWriteAfterFault(let cycle, let seconds, let lastError):
            "failover cycle \(cycle): no write committed within \(seconds) s of the fault (last error: \(lastError))"
        }
    }
}
