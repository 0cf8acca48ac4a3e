import ArgumentParser
import Foundation

/// A comma-separated list of positive counts on the command line, such as `1,16,128`.
struct CountList: ExpressibleByArgument, Sendable, Equatable {
    var counts: [Int]

    init(_ counts: [Int]) {
        self.counts = counts
    }

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let counts = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.count == parts.count, counts.allSatisfy({ $0 >= 1 }) else { return nil }
        self.counts = counts
    }

    var defaultValueDescription: String {
        counts.map(String.init).joined(separator: ",")
    }
}
